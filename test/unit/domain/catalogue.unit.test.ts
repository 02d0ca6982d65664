import { catalogStream, CATALOG_CATEGORY } from '../../../src/domain/catalog/streams';
import { isOrderlyEvent, orderlyEventTypes } from '../../../src/domain/events';
import { identityEventTypes, userEventTypes } from '../../../src/domain/identity/events';
import { normalizeEmail, userEmailStream, userStream } from '../../../src/domain/identity/streams';
import { isOrderEvent, orderEventTypes } from '../../../src/domain/ordering/events';
import { orderStream } from '../../../src/domain/ordering/streams';
import { parseStreamName } from '../../../src/domain/shared/streams';
import { walletEventTypes } from '../../../src/domain/wallet/events';
import { walletStream } from '../../../src/domain/wallet/streams';

const id = '5f0e7a1c-2b3d-4e5f-8a9b-0c1d2e3f4a5b';

describe('the event catalogue', () => {
  it('lists every event type of the agreed catalogue once', () => {
    expect([...orderlyEventTypes].sort()).toEqual(
      [
        'EmailReserved',
        'UserRegistered',
        'RoleGranted',
        'DeviceRegistered',
        'DeviceUnregistered',
        'ProductListed',
        'ProductPriceChanged',
        'ProductDelisted',
        'OrderPlaced',
        'OrderPaid',
        'OrderPaymentFailed',
        'OrderAccepted',
        'OrderMarkedReady',
        'OrderCompleted',
        'OrderCancelled',
        'OrderRejected',
        'OrderRefunded',
        'WalletToppedUp',
        'WalletCharged',
        'WalletChargeDeclined',
        'WalletRefunded',
        'WalletPayoutReceived',
      ].sort(),
    );
  });

  it('keeps the per-context lists apart', () => {
    expect(orderEventTypes).toHaveLength(9);
    expect(walletEventTypes).toHaveLength(5);
    expect(identityEventTypes).toEqual(['EmailReserved', ...userEventTypes]);
  });

  it('recognises events by type', () => {
    expect(isOrderEvent({ type: 'OrderPaid' })).toBe(true);
    expect(isOrderEvent({ type: 'WalletCharged' })).toBe(false);
    expect(isOrderlyEvent({ type: 'WalletCharged' })).toBe(true);
    expect(isOrderlyEvent({ type: 'SomethingElse' })).toBe(false);
  });
});

describe('stream names', () => {
  it('are <category>-<id>', () => {
    expect(userStream(id)).toBe(`user-${id}`);
    expect(userEmailStream('ab12')).toBe('useremail-ab12');
    expect(catalogStream(id)).toBe(`catalog-${id}`);
    expect(orderStream(id)).toBe(`order-${id}`);
    expect(walletStream(id)).toBe(`wallet-${id}`);
  });

  it('parse back at the first hyphen, keeping hyphens of the id', () => {
    expect(parseStreamName(catalogStream(id))).toEqual({ category: CATALOG_CATEGORY, id });
    expect(parseStreamName('$all')).toBeUndefined();
    expect(parseStreamName('order-')).toBeUndefined();
    expect(parseStreamName('-x')).toBeUndefined();
  });

  it('hash the email in one normal form', () => {
    expect(normalizeEmail('  Ada@Example.COM ')).toBe('ada@example.com');
  });
});
