import { bearer, registerUser, type Session, startTestApp, type TestApp } from '../../support/testApp';
import { balanceOf, eventually, listProduct, placeOrder, post, topUp } from './support';

type OrderView = Readonly<{
  status: string;
  totalMinor: number;
  paidMinor: number | null;
  refundedMinor: number | null;
  steps: Record<string, string>;
}>;

const PRICE = 450;
/** The projector's lag on a loaded machine is not what these tests measure: a generous bound. */
const VIEW_TIMEOUT_MS = 20_000;
const ITEMS = [{ sku: 'bagel', quantity: 1 }];

/** The order view the app shows, fed by the projector while the processor pays: one process, four roles. */
describe('the order view follows the payment steps', () => {
  let app: TestApp;
  let merchant: Session;

  const viewOf = async (session: Session, orderId: string): Promise<OrderView> => {
    const response = await app
      .http()
      .get(`/v1/orders/${orderId}`)
      .set(...bearer(session));
    return response.body as OrderView;
  };
  const viewReaches = (session: Session, orderId: string, status: string) =>
    eventually(
      `the view of ${orderId} to show ${status}`,
      async () => {
        const view = await viewOf(session, orderId);
        return view.status === status ? view : undefined;
      },
      VIEW_TIMEOUT_MS,
    );
  const customerWith = async (balanceMinor: number) => {
    const customer = await registerUser(app, 'customer');
    await topUp(app, customer, balanceMinor);
    return customer;
  };

  beforeAll(async () => {
    app = await startTestApp(['commands', 'processor', 'projector', 'queries']);
    merchant = await registerUser(app, 'merchant');
    await listProduct(app, merchant, 'bagel', PRICE);
  });
  afterAll(() => app.stop());

  it('shows payment pending, then paid with the amount and its time', async () => {
    const customer = await customerWith(1_000);
    const orderId = await placeOrder(app, customer, merchant, ITEMS);
    const first = await eventually(
      'the order in the view',
      async () => {
        const response = await app
          .http()
          .get(`/v1/orders/${orderId}`)
          .set(...bearer(customer));
        return response.status === 200 ? (response.body as OrderView) : undefined;
      },
      VIEW_TIMEOUT_MS,
    );
    // Payment pending (placed, nothing paid), unless the processor already paid before this first read.
    const pending = { status: 'placed', paidMinor: null };
    const alreadyPaid = { status: 'paid', paidMinor: PRICE };
    expect({ status: first.status, paidMinor: first.paidMinor }).toEqual(
      first.status === 'placed' ? pending : alreadyPaid,
    );
    const paid = await viewReaches(customer, orderId, 'paid');
    expect(paid).toMatchObject({ totalMinor: PRICE, paidMinor: PRICE, refundedMinor: null });
    expect(Object.keys(paid.steps)).toEqual(['paid']);
  });

  it('shows payment_failed when the wallet cannot pay', async () => {
    const customer = await customerWith(PRICE - 1);
    const orderId = await placeOrder(app, customer, merchant, ITEMS);
    const failed = await viewReaches(customer, orderId, 'payment_failed');
    expect(failed).toMatchObject({ paidMinor: null, refundedMinor: null });
    expect(Object.keys(failed.steps)).toEqual(['payment_failed']);
    expect(await balanceOf(app, customer.userId)).toBe(PRICE - 1);
  });

  it('shows refunded, with every step’s time, after a paid order is cancelled', async () => {
    const customer = await customerWith(1_000);
    const orderId = await placeOrder(app, customer, merchant, ITEMS);
    await viewReaches(customer, orderId, 'paid');
    await post(app, customer, `/v1/orders/${orderId}/cancel`);
    const refunded = await viewReaches(customer, orderId, 'refunded');
    expect(refunded).toMatchObject({ paidMinor: PRICE, refundedMinor: PRICE });
    expect(Object.keys(refunded.steps).sort()).toEqual(['cancelled', 'paid', 'refunded']);
    expect(await balanceOf(app, customer.userId)).toBe(1_000);
    // top-up, charge, refund: the wallet view shows the money back once all three are projected.
    const wallet = await eventually(
      'the wallet view to show the refund',
      async () => {
        const response = await app
          .http()
          .get('/v1/me/wallet')
          .set(...bearer(customer));
        const body = response.body as { balanceMinor: number; transactionCount: number };
        return body.transactionCount === 3 ? body : undefined;
      },
      VIEW_TIMEOUT_MS,
    );
    expect(wallet.balanceMinor).toBe(1_000);
  });

  it('shows refunded after the merchant rejects, to the merchant as well', async () => {
    const customer = await customerWith(1_000);
    const orderId = await placeOrder(app, customer, merchant, ITEMS);
    await viewReaches(customer, orderId, 'paid');
    await post(app, merchant, `/v1/orders/${orderId}/reject`, { reason: 'sold out' });
    const refunded = await viewReaches(merchant, orderId, 'refunded');
    expect(refunded).toMatchObject({ paidMinor: PRICE, refundedMinor: PRICE });
    expect(Object.keys(refunded.steps).sort()).toEqual(['paid', 'refunded', 'rejected']);
  });
});
