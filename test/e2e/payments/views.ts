import { bearer, type Session, type TestApp } from '../../support/testApp';
import { eventually } from './support';

export type OrderView = Readonly<{
  status: string;
  totalMinor: number;
  paidMinor: number | null;
  refundedMinor: number | null;
  steps: Record<string, string>;
}>;

/** The projector's lag on a loaded machine is not what these tests measure: a generous bound. */
const VIEW_TIMEOUT_MS = 20_000;

const viewOf = async (app: TestApp, session: Session, path: string) => {
  const response = await app
    .http()
    .get(path)
    .set(...bearer(session));
  return { status: response.status, body: response.body as unknown };
};

/** The order as the app shows it (queries role), once the projector has it at all. */
export const firstOrderView = (app: TestApp, session: Session, orderId: string) =>
  eventually(
    `order ${orderId} in the order view`,
    async () => {
      const view = await viewOf(app, session, `/v1/orders/${orderId}`);
      return view.status === 200 ? (view.body as OrderView) : undefined;
    },
    VIEW_TIMEOUT_MS,
  );

export const orderViewReaches = (app: TestApp, session: Session, orderId: string, status: string) =>
  eventually(
    `the view of order ${orderId} to show ${status}`,
    async () => {
      const view = (await viewOf(app, session, `/v1/orders/${orderId}`)).body as OrderView;
      return view.status === status ? view : undefined;
    },
    VIEW_TIMEOUT_MS,
  );

/** The wallet view once it has projected `count` transactions. */
export const walletViewAfter = (app: TestApp, session: Session, count: number) =>
  eventually(
    `the wallet view to show ${count} transactions`,
    async () => {
      const view = (await viewOf(app, session, '/v1/me/wallet')).body as {
        balanceMinor: number;
        transactionCount: number;
      };
      return view.transactionCount === count ? view : undefined;
    },
    VIEW_TIMEOUT_MS,
  );
