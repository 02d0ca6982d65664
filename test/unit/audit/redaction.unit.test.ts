import { toPlainState } from '../../../src/application/audit/plainState';
import { maskEmail, redactPersonalData } from '../../../src/application/audit/redaction';
import { emptyMap, mapSet } from '../../../src/domain/shared/persistentMap';

describe('personal data in audit output', () => {
  it('drops password hashes and masks e-mail addresses and push tokens at any depth', () => {
    const redacted = redactPersonalData({
      passwordHash: 'scrypt$x',
      email: 'jane@example.com',
      devices: [{ pushToken: 'abcdefghijklmnop1234', platform: 'ios' }],
      nested: { email: 'x@y.org', amountMinor: 5 },
    });
    expect(redacted).toEqual({
      email: 'j***@example.com',
      devices: [{ pushToken: '***1234', platform: 'ios' }],
      nested: { email: 'x***@y.org', amountMinor: 5 },
    });
  });

  it('masks what does not look like an address entirely', () => {
    expect(maskEmail('no-at-sign')).toBe('***');
    expect(redactPersonalData({ pushToken: 'short' })).toEqual({ pushToken: '***' });
  });
});

describe('plain state', () => {
  it('turns persistent maps into objects in key order', () => {
    let products = emptyMap<{ priceMinor: number }>();
    for (const sku of ['b', 'a', 'c']) products = mapSet(products, sku, { priceMinor: sku.charCodeAt(0) });
    const plain = toPlainState({ currency: 'EUR', products });
    expect(plain).toEqual({
      currency: 'EUR',
      products: { a: { priceMinor: 97 }, b: { priceMinor: 98 }, c: { priceMinor: 99 } },
    });
    expect(Object.keys((plain as { products: object }).products)).toEqual(['a', 'b', 'c']);
  });
});
