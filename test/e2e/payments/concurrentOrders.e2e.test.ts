import type { WalletEvent } from '../../../src/domain/wallet/events';
import { evolveWallet, initialWalletState, walletBalance } from '../../../src/domain/wallet/state';
import { registerUser, type Session, startTestApp, type TestApp } from '../../support/testApp';
import {
  listProduct,
  orderEvents,
  orderStatusOf,
  placeOrder,
  processorSettled,
  type StoredEvent,
  topUp,
  typesOf,
  walletEvents,
  SMALL_POOL,
} from './support';

const CUSTOMERS = 10;
const ORDERS_EACH = 10;
const PRICE = 500;
const SPARE = 250;
/** Customer i can afford i of the 10 orders it places: 0 + 1 + … + 9 = 45 of the 100 can be paid. */
const affordable = (index: number) => index;
const AFFORDABLE_IN_TOTAL = 45;

type Customer = Readonly<{ session: Session; toppedUp: number; orderIds: string[] }>;

const amountsOf = (events: readonly StoredEvent[], type: string) =>
  events.filter((event) => event.type === type).map((event) => Number(event.data.amountMinor));
const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

/** Every balance the wallet ever had, folded event by event with the wallet's own evolve. */
const balanceHistory = (events: readonly StoredEvent[]): number[] => {
  let state = initialWalletState();
  return events.map((event) => {
    state = evolveWallet(state, event as unknown as WalletEvent);
    return walletBalance(state);
  });
};

describe('100 orders placed at once by customers who can afford only some of them', () => {
  let app: TestApp;
  let customers: Customer[];

  beforeAll(async () => {
    app = await startTestApp(['commands', 'processor'], SMALL_POOL);
    const merchant = await registerUser(app, 'merchant');
    await listProduct(app, merchant, 'lunch', PRICE);
    customers = await Promise.all(
      Array.from({ length: CUSTOMERS }, async (_, index) => {
        const session = await registerUser(app, 'customer');
        const toppedUp = affordable(index) * PRICE + SPARE;
        await topUp(app, session, toppedUp);
        return { session, toppedUp, orderIds: [] as string[] };
      }),
    );
    await Promise.all(
      customers.flatMap((customer) =>
        Array.from({ length: ORDERS_EACH }, async () => {
          const orderId = await placeOrder(app, customer.session, merchant, [{ sku: 'lunch', quantity: 1 }]);
          customer.orderIds.push(orderId);
        }),
      ),
    );
    await processorSettled(app, 30_000);
  });
  afterAll(() => app.stop());

  it('ends every order paid or payment_failed, with exactly one outcome each', async () => {
    const orderIds = customers.flatMap((customer) => customer.orderIds);
    expect(orderIds).toHaveLength(CUSTOMERS * ORDERS_EACH);
    for (const orderId of orderIds) {
      const outcomes = typesOf(await orderEvents(app, orderId)).filter((type) => type !== 'OrderPlaced');
      expect([['OrderPaid'], ['OrderPaymentFailed']]).toContainEqual(outcomes);
      expect(['paid', 'payment_failed']).toContain(await orderStatusOf(app, orderId));
    }
  });

  it('never takes a wallet below zero, and charges each customer exactly what it could afford', async () => {
    for (const [index, customer] of customers.entries()) {
      const events = await walletEvents(app, customer.session.userId);
      expect(Math.min(...balanceHistory(events))).toBeGreaterThanOrEqual(0);
      const charges = amountsOf(events, 'WalletCharged');
      expect(charges).toHaveLength(Math.min(affordable(index), ORDERS_EACH));
      expect(balanceHistory(events).at(-1)).toBe(customer.toppedUp - sum(charges));
      expect(sum(amountsOf(events, 'WalletToppedUp'))).toBe(customer.toppedUp);
    }
  });

  it('charges exactly the paid orders: total charged = sum of the paid orders’ totals', async () => {
    let charged = 0;
    let paidTotal = 0;
    let paidOrders = 0;
    for (const customer of customers) {
      const wallet = await walletEvents(app, customer.session.userId);
      charged += sum(amountsOf(wallet, 'WalletCharged'));
      for (const orderId of customer.orderIds) {
        const order = await orderEvents(app, orderId);
        const paid = order.find((event) => event.type === 'OrderPaid');
        const chargesOfOrder = wallet.filter((event) => event.data.orderId === orderId);
        expect(typesOf(chargesOfOrder)).toEqual([paid ? 'WalletCharged' : 'WalletChargeDeclined']);
        if (paid === undefined) continue;
        paidOrders += 1;
        paidTotal += Number(paid.data.amountMinor);
        expect(chargesOfOrder[0]?.data.amountMinor).toBe(order[0]?.data.totalMinor);
      }
    }
    expect(paidOrders).toBe(AFFORDABLE_IN_TOTAL);
    expect(charged).toBe(paidTotal);
    expect(paidTotal).toBe(AFFORDABLE_IN_TOTAL * PRICE);
  });
});
