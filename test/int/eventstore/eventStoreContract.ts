import type { EventStore } from '../../../src/application/eventStore/eventStore';
import { describeAppends } from './contractAppends';
import { describeConcurrency } from './contractConcurrency';
import { describeAllReads } from './contractReadAll';
import { describeStreamReads } from './contractReads';
import { describeSubscriptions } from './contractSubscriptions';
import type { StoreUnderTest } from './contractSupport';

/**
 * The behaviour every EventStore adapter must show, whatever its backend. Backend-neutral: names are unique
 * per run (the store may be shared), positions are only compared, never computed.
 */
export const describeEventStoreContract = (name: string, setup: () => Promise<StoreUnderTest>): void => {
  describe(`${name} event store contract`, () => {
    let underTest: StoreUnderTest | undefined;
    const storeOf = (): EventStore => {
      if (underTest === undefined) throw new Error('the store under test was not set up');
      return underTest.store;
    };

    beforeAll(async () => {
      underTest = await setup();
    });

    afterAll(async () => {
      await underTest?.teardown();
    });

    describeAppends(storeOf);
    describeConcurrency(storeOf);
    describeStreamReads(storeOf);
    describeAllReads(storeOf);
    describeSubscriptions(storeOf);
  });
};
