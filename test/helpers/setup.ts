import { restoreLeakedNock } from './leaked-nock';
import { configurePropertyRuns } from './property-runs';

restoreLeakedNock();
configurePropertyRuns();
