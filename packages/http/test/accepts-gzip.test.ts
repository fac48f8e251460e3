import { acceptsGzip } from '../src';

describe('acceptsGzip', () => {
  it('takes gzip or *, unless refused with q=0', () => {
    expect(acceptsGzip({ 'accept-encoding': 'gzip, deflate, br' })).toBe(true);
    expect(acceptsGzip({ 'accept-encoding': 'br;q=1.0, GZIP;q=0.5' })).toBe(true);
    expect(acceptsGzip({ 'accept-encoding': '*' })).toBe(true);
    expect(acceptsGzip({ 'accept-encoding': 'gzip;q=0' })).toBe(false);
    expect(acceptsGzip({ 'accept-encoding': 'gzip;q=0.0, br' })).toBe(false);
    expect(acceptsGzip({ 'accept-encoding': 'x-gzip2, deflate' })).toBe(false);
    expect(acceptsGzip({ 'accept-encoding': 'identity' })).toBe(false);
    expect(acceptsGzip({})).toBe(false);
  });
});
