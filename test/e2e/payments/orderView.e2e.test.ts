import { bearer, registerUser, type Session } from '../../support/testApp';
import { type QueryTestBed, startQueryTestBed } from '../queries/queryApp';
import { balanceOf, eventually, listProduct, placeOrder, post, topUp } from './support';

type OrderView = Readonly<{
  status: string;
  totalMinor: number;
  paidMinor: number | null;
  refundedMinor: number | null;
  steps: Record<string, string>;
}>;

const PRICE = 450;
const ITEMS = [{ sku: 'bagel', quantity: 1 }];

/**
 * The order view the app shows, fed by the projector while the processor pays: the commands and
 * processor roles run as the real process, the query API and projector are composed over the same schema.
 */
describe('the order view follows the payment steps', () => {
  let bed: QueryTestBed;
  let merchant: Session;

  const viewOf = async (session: Session, orderId: string): Promise<OrderView> => {
    const response = await bed
      .queries()
      .get(`/v1/orders/${orderId}`)
      .set(...bearer(session));
    return response.body as OrderView;
  };
  const viewReaches = (session: Session, orderId: string, status: string) =>
    eventually(`the view of ${orderId} to show ${status}`, async () => {
      const view = await viewOf(session, orderId);
      return view.status === status ? view : undefined;
    });
  const customerWith = async (balanceMinor: number) => {
    const customer = await registerUser(bed.commands, 'customer');
    await topUp(bed.commands, customer, balanceMinor);
    return customer;
  };

  beforeAll(async () => {
    bed = await startQueryTestBed();
    merchant = await registerUser(bed.commands, 'merchant');
    await listProduct(bed.commands, merchant, 'bagel', PRICE);
  });
  afterAll(() => bed.stop());

  it('shows payment pending, then paid with the amount and its time', async () => {
    const customer = await customerWith(1_000);
    const orderId = await placeOrder(bed.commands, customer, merchant, ITEMS);
    const first = await eventually('the order in the view', async () => {
      const response = await bed
        .queries()
        .get(`/v1/orders/${orderId}`)
        .set(...bearer(customer));
      return response.status === 200 ? (response.body as OrderView) : undefined;
    });
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
    const orderId = await placeOrder(bed.commands, customer, merchant, ITEMS);
    const failed = await viewReaches(customer, orderId, 'payment_failed');
    expect(failed).toMatchObject({ paidMinor: null, refundedMinor: null });
    expect(Object.keys(failed.steps)).toEqual(['payment_failed']);
    expect(await balanceOf(bed.commands, customer.userId)).toBe(PRICE - 1);
  });

  it('shows refunded, with every step’s time, after a paid order is cancelled', async () => {
    const customer = await customerWith(1_000);
    const orderId = await placeOrder(bed.commands, customer, merchant, ITEMS);
    await viewReaches(customer, orderId, 'paid');
    await post(bed.commands, customer, `/v1/orders/${orderId}/cancel`);
    const refunded = await viewReaches(customer, orderId, 'refunded');
    expect(refunded).toMatchObject({ paidMinor: PRICE, refundedMinor: PRICE });
    expect(Object.keys(refunded.steps).sort()).toEqual(['cancelled', 'paid', 'refunded']);
    expect(await balanceOf(bed.commands, customer.userId)).toBe(1_000);
  });

  it('shows refunded after the merchant rejects, to the merchant as well', async () => {
    const customer = await customerWith(1_000);
    const orderId = await placeOrder(bed.commands, customer, merchant, ITEMS);
    await viewReaches(customer, orderId, 'paid');
    await post(bed.commands, merchant, `/v1/orders/${orderId}/reject`, { reason: 'sold out' });
    const refunded = await viewReaches(merchant, orderId, 'refunded');
    expect(refunded).toMatchObject({ paidMinor: PRICE, refundedMinor: PRICE });
    expect(Object.keys(refunded.steps).sort()).toEqual(['paid', 'refunded', 'rejected']);
  });
});
