import request from 'supertest';
import { ManualClock } from '../../../../src/shared/clock';
import {
  createSimulator,
  type Simulator,
  type SimulatorOptions,
} from '../../../../src/simulator/create-simulator';

export const TEMPLATE = {
  suiteId: 'dkSimTemplate01',
  suiteSecret: 'suite-secret-1',
  name: '上线助手',
  token: 'QDG6eK',
  encodingAESKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
};

/** A simulator with one template on a ManualClock; callbacks go nowhere unless botBaseUrl is given. */
export function simWorld(options: Partial<SimulatorOptions> = {}) {
  const clock = new ManualClock('2026-03-02T01:00:00Z');
  const sim = createSimulator({ clock, ...options });
  sim.addTemplate(TEMPLATE);
  return { clock, sim };
}

/** An HTTP client of the simulator as its own page is: every request carries its token. */
export function simApi(sim: Simulator) {
  return request.agent(sim.app.callback()).set('x-sim-token', sim.token);
}
