import { corpDirectory } from '../../../src/simulator/corp-directory';
import type { SimCorp } from '../../../src/simulator/sim-types';

const corp = (visibility: Partial<SimCorp['visibility']>): SimCorp => ({
  corpId: 'wwsim1',
  corpName: '示例',
  suiteId: 's',
  agentId: 1000002,
  permanentCode: 'p',
  authorizer: 'boss',
  admins: ['boss'],
  departments: [
    { id: 3, name: '华东', parentId: 2, members: ['east1'] },
    { id: 1, name: '示例', parentId: 0, members: ['boss', 'staff'] },
    { id: 2, name: '销售部', parentId: 1, members: ['sales1'] },
  ],
  tags: [{ id: 7, name: '试点', members: ['staff'] }],
  visibility: { users: [], parties: [], tags: [], ...visibility },
  publishStatus: 1,
  customPermissions: [],
  permissionChanges: [],
  taskIds: new Set(),
});

describe('corpDirectory', () => {
  it('party 1 is the whole company; a department includes its sub-departments', () => {
    expect(corpDirectory.visibleUsers(corp({ parties: [1] })).sort()).toEqual([
      'boss',
      'east1',
      'sales1',
      'staff',
    ]);
    expect(corpDirectory.visibleUsers(corp({ parties: [2] })).sort()).toEqual(['east1', 'sales1']);
    expect(corpDirectory.isPartyVisible(corp({ parties: [2] }), 3)).toBe(true);
    expect(corpDirectory.isPartyVisible(corp({ parties: [3] }), 2)).toBe(false);
  });

  it('combines users, tags and parties, ignoring unknown users', () => {
    expect(corpDirectory.visibleUsers(corp({ users: ['boss', 'ghost'], tags: [7] }))).toEqual([
      'boss',
      'staff',
    ]);
  });

  it('gives each member a stable open_userid per corp', () => {
    const c = corp({});
    expect(corpDirectory.openUserId(c, 'boss')).toBe(corpDirectory.openUserId(c, 'boss'));
    expect(corpDirectory.openUserId(c, 'boss')).not.toBe(
      corpDirectory.openUserId({ ...c, corpId: 'x' }, 'boss'),
    );
  });
});
