import type { Template, TemplateStatus } from '../../domain/model';
import type { TemplateStore } from '../../domain/ports/stores';
import { clone } from './clone';

export class MemoryTemplateStore implements TemplateStore {
  private readonly templates = new Map<string, Template>();

  async create(t: Template): Promise<'created' | 'exists'> {
    if (this.templates.has(t.suiteId)) return 'exists';
    this.templates.set(t.suiteId, clone(t));
    return 'created';
  }

  async update(
    suiteId: string,
    patch: Partial<Pick<Template, 'name' | 'qrCode'>>,
    now: Date,
  ): Promise<Template | undefined> {
    const stored = this.templates.get(suiteId);
    if (!stored) return undefined;
    Object.assign(stored, clone(patch), { updatedAt: now });
    return clone(stored);
  }

  async transition(
    suiteId: string,
    from: readonly TemplateStatus[],
    to: TemplateStatus,
    by: string,
    now: Date,
  ): Promise<Template | undefined> {
    const stored = this.templates.get(suiteId);
    if (!stored || !from.includes(stored.status)) return undefined;
    stored.statusHistory.push({ from: stored.status, to, at: now, by });
    stored.status = to;
    stored.updatedAt = now;
    return clone(stored);
  }

  async get(suiteId: string): Promise<Template | undefined> {
    return clone(this.templates.get(suiteId));
  }

  async list(): Promise<Template[]> {
    return clone([...this.templates.values()]);
  }
}
