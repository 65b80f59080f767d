import nock from 'nock';
import { leaveNockRestore } from './leaked-nock';

/**
 * nock for the files that mock WeCom with it, and only for them: importing it intercepts node:http
 * and fetch for the whole worker, so it is switched off again when the file ends. Files that do not
 * import it reach the simulator and loopback servers on real sockets, as the bot does.
 */
const restore = (): void => {
  nock.enableNetConnect();
  nock.restore();
  leaveNockRestore(undefined);
};
leaveNockRestore(restore);

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
});

afterEach(() => {
  nock.cleanAll();
});

afterAll(restore);

export default nock;
