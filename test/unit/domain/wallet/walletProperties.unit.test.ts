import { OrderlyError } from '../../../../src/domain/shared/errors';
import { type WalletCommand, walletDecider } from '../../../../src/domain/wallet/decide';
import { type WalletEvent } from '../../../../src/domain/wallet/events';
import { walletBalance } from '../../../../src/domain/wallet/state';
import { integerBetween, pick, seededRandom } from '../prng';
import { now, userId } from './fixtures';

const orders = ['order-a', 'order-b', 'order-c', 'order-d', 'order-e', 'order-f'];
const references = ['ref-1', 'ref-2', 'ref-3', 'ref-4'];

const randomCommand = (random: () => number): WalletCommand => {
  const orderId = pick(random, orders);
  const amountMinor = integerBetween(random, -50, 3_000);
  switch (pick(random, ['TopUp', 'ChargeForOrder', 'RefundOrderCharge', 'ReceivePayout'] as const)) {
    case 'TopUp':
      return {
        type: 'TopUp',
        data: { userId, amountMinor, currency: 'EUR', externalReference: pick(random, references), now },
      };
    case 'ChargeForOrder':
      return { type: 'ChargeForOrder', data: { userId, orderId, amountMinor, now } };
    case 'RefundOrderCharge':
      return {
        type: 'RefundOrderCharge',
        data: { userId, orderId, now, ...(random() < 0.5 ? {} : { amountMinor }) },
      };
    case 'ReceivePayout':
      return {
        type: 'ReceivePayout',
        data: { userId, orderId, grossMinor: amountMinor, feeMinor: integerBetween(random, 0, 100), now },
      };
  }
};

/** The balance recomputed from the events alone, independently of `evolve`. */
const balanceFromEvents = (events: readonly WalletEvent[]): number =>
  events.reduce((sum, { type, data }) => {
    if (type === 'WalletCharged') return sum - data.amountMinor;
    if (type === 'WalletChargeDeclined') return sum;
    return sum + data.amountMinor;
  }, 0);

const run = (seed: number, steps: number) => {
  const random = seededRandom(seed);
  const events: WalletEvent[] = [];
  let state = walletDecider.initialState();
  for (let step = 0; step < steps; step += 1) {
    try {
      const decided = walletDecider.decide(randomCommand(random), state);
      events.push(...decided);
      state = decided.reduce(walletDecider.evolve, state);
    } catch (error) {
      if (!(error instanceof OrderlyError)) throw error;
    }
    expect(walletBalance(state)).toBeGreaterThanOrEqual(0);
  }
  return { events, state };
};

const countBy = (events: readonly WalletEvent[], type: WalletEvent['type']): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const event of events)
    if (event.type === type && 'orderId' in event.data)
      counts.set(event.data.orderId, (counts.get(event.data.orderId) ?? 0) + 1);
  return counts;
};

describe('a random sequence of wallet commands', () => {
  it.each([1, 2, 3, 42, 1_234, 99_991])('keeps the wallet invariants (seed %i)', (seed) => {
    const { events, state } = run(seed, 400);

    expect(walletBalance(state)).toBe(balanceFromEvents(events));
    const decisions = [
      ...countBy(events, 'WalletCharged').entries(),
      ...countBy(events, 'WalletChargeDeclined'),
    ];
    const decidedOrders = decisions.map(([orderId]) => orderId);
    expect(new Set(decidedOrders).size).toBe(decidedOrders.length);
    for (const count of countBy(events, 'WalletRefunded').values()) expect(count).toBe(1);
    for (const count of countBy(events, 'WalletPayoutReceived').values()) expect(count).toBe(1);
    expect(events.filter((event) => event.type === 'WalletToppedUp').length).toBeLessThanOrEqual(
      references.length,
    );
  });

  it('exercises every kind of outcome across the seeds', () => {
    const types = new Set([1, 2, 3, 42].flatMap((seed) => run(seed, 400).events.map((event) => event.type)));
    expect([...types].sort()).toEqual(
      [
        'WalletChargeDeclined',
        'WalletCharged',
        'WalletPayoutReceived',
        'WalletRefunded',
        'WalletToppedUp',
      ].sort(),
    );
  });

  it('never refunds more than was charged for an order', () => {
    const { events } = run(7, 600);
    const chargedByOrder = new Map<string, number>();
    const refundedByOrder = new Map<string, number>();
    for (const { type, data } of events) {
      if (type === 'WalletCharged') chargedByOrder.set(data.orderId, data.amountMinor);
      if (type === 'WalletRefunded') refundedByOrder.set(data.orderId, data.amountMinor);
    }
    expect(refundedByOrder.size).toBeGreaterThan(0);
    for (const [orderId, refundedMinor] of refundedByOrder)
      expect(refundedMinor).toBeLessThanOrEqual(chargedByOrder.get(orderId) ?? 0);
  });
});
