import nock from 'nock';
import { configurePropertyRuns } from './property-runs';

configurePropertyRuns();

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
});

afterEach(() => {
  nock.cleanAll();
});
