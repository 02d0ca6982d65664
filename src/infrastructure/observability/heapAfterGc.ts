import {
  constants,
  type NodeGCPerformanceDetail,
  type PerformanceEntry,
  PerformanceObserver,
} from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';

let lastBytes: number | undefined;
let observer: PerformanceObserver | undefined;

/** Node sets `detail` on 'gc' entries; its typings declare it on marks and measures only. */
const isMajor = (entry: PerformanceEntry & { detail?: NodeGCPerformanceDetail }): boolean =>
  entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR;

/**
 * Watches the garbage collector (one observer per process, however many registries) and returns a reader of
 * the bytes of V8 heap in use right after the last major (mark-compact) collection, undefined before the
 * first: what the process retains. Heap total and RSS also count the room V8 keeps for new allocations,
 * which it grows and shrinks with the allocation rate, so they move by tens of MiB without any leak.
 */
export const watchHeapAfterGc = (): (() => number | undefined) => {
  if (observer === undefined) {
    observer = new PerformanceObserver((list) => {
      // Delivered in a later turn of the event loop: what was allocated since is small next to the heap.
      if (list.getEntries().some(isMajor)) lastBytes = getHeapStatistics().used_heap_size;
    });
    observer.observe({ entryTypes: ['gc'] });
  }
  return () => lastBytes;
};
