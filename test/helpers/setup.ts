import nock from 'nock';

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
});

afterEach(() => {
  nock.cleanAll();
});

// Each test file loads its own nock; the last one's hooks on node:http would otherwise answer the
// next file's requests from an empty list of interceptors.
afterAll(() => {
  nock.restore();
});
