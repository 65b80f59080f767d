import { DueQueue } from '../../../src/stores/memory/due-queue';

const at = (s: number) => new Date(s * 1000);
const all = () => true;

describe('DueQueue', () => {
  it('gives the due items earliest first, ties in the order first added, up to the limit', () => {
    const q = new DueQueue<string>();
    q.set('late', at(30));
    q.set('b', at(10));
    q.set('c', at(10));
    q.set('a', at(5));
    expect(q.due(at(20), 10, all)).toEqual(['a', 'b', 'c']);
    expect(q.due(at(20), 2, all)).toEqual(['a', 'b']);
    expect(q.due(at(40), 10, (x) => x !== 'b')).toEqual(['a', 'c', 'late']);
  });

  it('moves an item to its new time and keeps its place among equal times; delete takes it out', () => {
    const q = new DueQueue<string>();
    q.set('first', at(10));
    q.set('second', at(20));
    q.set('first', at(20));
    expect(q.due(at(20), 10, all)).toEqual(['first', 'second']);
    q.delete('first');
    expect(q.values()).toEqual(['second']);
    q.set('first', at(20));
    expect(q.values()).toEqual(['second', 'first']);
  });

  it('stays in order through many removals from the front and an item set before them', () => {
    const q = new DueQueue<number>();
    for (let i = 0; i < 10; i++) q.set(i, at(i));
    for (let i = 0; i < 4; i++) q.delete(i);
    expect(q.due(at(100), 3, all)).toEqual([4, 5, 6]);
    q.set(99, at(0));
    expect(q.due(at(100), 3, all)).toEqual([99, 4, 5]);
    for (let i = 4; i < 8; i++) q.delete(i);
    expect(q.due(at(100), 10, all)).toEqual([99, 8, 9]);
    expect(q.values()).toEqual([99, 8, 9]);
  });
});
