import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { watchHeapAfterGc } from '../../../../src/infrastructure/observability/heapAfterGc';
import { createMetrics } from '../../../../src/infrastructure/observability/metrics';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
const MiB = 1024 * 1024;

/** A major collection, then a moment for the observer to hear of it (entries come a few loop turns later). */
const majorGc = async (): Promise<void> => {
  collectGarbage();
  await new Promise((resolve) => setTimeout(resolve, 20));
};

describe('the heap used after the last major GC', () => {
  const heapAfterGc = watchHeapAfterGc();

  it('grows with what is retained and falls when it is released', async () => {
    await majorGc();
    const before = heapAfterGc() ?? Number.NaN;
    const holder: { kept?: { index: number }[] } = {};
    holder.kept = Array.from({ length: 1_000_000 }, (_, index) => ({ index }));
    await majorGc();
    const holding = heapAfterGc() ?? Number.NaN;
    delete holder.kept;
    await majorGc();
    const released = heapAfterGc() ?? Number.NaN;
    expect(holding - before).toBeGreaterThan(16 * MiB);
    expect(holding - released).toBeGreaterThan(16 * MiB);
  });

  it('is served as orderly_heap_used_after_gc_bytes', async () => {
    const { registry } = createMetrics();
    await majorGc();
    const [metric] = (await registry.getMetricsAsJSON()).filter(
      (m) => m.name === 'orderly_heap_used_after_gc_bytes',
    );
    expect(metric?.values[0]?.value).toBe(heapAfterGc());
    expect(metric?.values[0]?.value).toBeGreaterThan(MiB);
  });
});
