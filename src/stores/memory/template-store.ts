import type { Template } from '../../domain/model';
import type { TemplateStore } from '../../domain/ports/stores';
import { clone } from './clone';

export class MemoryTemplateStore implements TemplateStore {
  private readonly templates = new Map<string, Template>();

  async upsert(t: Pick<Template, 'suiteId' | 'name' | 'status'>, now: Date): Promise<Template> {
    const existing = this.templates.get(t.suiteId);
    const stored: Template = existing
      ? { ...existing, name: t.name, status: t.status, updatedAt: now }
      : { suiteId: t.suiteId, name: t.name, status: t.status, createdAt: now, updatedAt: now };
    this.templates.set(t.suiteId, clone(stored));
    return clone(stored);
  }

  async get(suiteId: string): Promise<Template | undefined> {
    return clone(this.templates.get(suiteId));
  }

  async list(): Promise<Template[]> {
    return clone([...this.templates.values()]);
  }
}
