import type { FunnelDay } from '../../../projections/analytics/queries';
import { FUNNEL_STEPS } from '../../../projections/analytics/migration';

type Step = (typeof FUNNEL_STEPS)[number];
export type FunnelCounts = Readonly<Record<Step, number>>;

export type FunnelRates = Readonly<{
  paidOfPlaced: number | null;
  completedOfPaid: number | null;
  completedOfPlaced: number | null;
  cancellationRate: number | null;
  paymentFailureRate: number | null;
  rejectionRate: number | null;
}>;

export type FunnelRow = Readonly<{ day: string } & FunnelCounts & FunnelRates>;

/** A share rounded to four decimals; null when nothing was there to share. */
const ratio = (part: number, whole: number): number | null =>
  whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;

/** Conversion through placed → paid → completed; cancellations and payment failures per order placed. */
export const funnelRates = (counts: FunnelCounts): FunnelRates => ({
  paidOfPlaced: ratio(counts.paid, counts.placed),
  completedOfPaid: ratio(counts.completed, counts.paid),
  completedOfPlaced: ratio(counts.completed, counts.placed),
  cancellationRate: ratio(counts.cancelled, counts.placed),
  paymentFailureRate: ratio(counts.payment_failed, counts.placed),
  rejectionRate: ratio(counts.rejected, counts.paid),
});

export const funnelTotals = (days: readonly FunnelDay[]): FunnelCounts => {
  const totals = Object.fromEntries(FUNNEL_STEPS.map((step) => [step, 0])) as Record<Step, number>;
  for (const day of days) for (const step of FUNNEL_STEPS) totals[step] += day[step];
  return totals;
};

/** One row per day with its own rates (for CSV), and the range's total under day `total`. */
export const funnelRows = (days: readonly FunnelDay[]): FunnelRow[] => [
  ...days.map((day) => ({ ...day, ...funnelRates(day) })),
  { day: 'total', ...funnelTotals(days), ...funnelRates(funnelTotals(days)) },
];
