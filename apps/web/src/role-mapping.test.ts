import { describe, expect, it } from 'vitest';
import {
  addGroup,
  hasUnsavedChanges,
  type MappingRow,
  mappingErrorsByRow,
  removeGroup,
  roleMappingPayload,
  withRole,
} from './role-mapping.js';

const table: MappingRow[] = [
  { idpGroup: 'procura-admins', roles: ['administrator'] },
  { idpGroup: 'purchasing', roles: ['employee', 'buyer'] },
];

describe('editing the role-mapping table', () => {
  it('grants a role to one group only', () => {
    expect(withRole(table, 'purchasing', 'auditor', true)).toEqual([
      table[0],
      { idpGroup: 'purchasing', roles: ['employee', 'buyer', 'auditor'] },
    ]);
  });

  it('withdraws a role, and granting it twice keeps it once', () => {
    const twice = withRole(withRole(table, 'purchasing', 'buyer', true), 'purchasing', 'buyer', true);
    expect(twice[1]?.roles).toEqual(['employee', 'buyer']);
    expect(withRole(table, 'purchasing', 'buyer', false)[1]?.roles).toEqual(['employee']);
  });

  it('adds a group with no role, its name trimmed', () => {
    expect(addGroup(table, '  finance  ').rows?.at(-1)).toEqual({ idpGroup: 'finance', roles: [] });
  });

  it('refuses a group without a name or already in the table', () => {
    expect(addGroup(table, '   ')).toEqual({ error: 'empty' });
    expect(addGroup(table, ' purchasing ')).toEqual({ error: 'duplicate' });
  });

  it('removes a group', () => {
    expect(removeGroup(table, 'purchasing')).toEqual([table[0]]);
  });
});

describe('building the body of the role-mapping save', () => {
  it('sends every row in table order, roles in column order and each once', () => {
    const rows: MappingRow[] = [
      { idpGroup: 'purchasing ', roles: ['auditor', 'buyer', 'employee', 'buyer'] },
      { idpGroup: 'procura-admins', roles: ['administrator'] },
    ];
    expect(roleMappingPayload(rows)).toEqual({
      mappings: [
        { idpGroup: 'purchasing', roles: ['employee', 'buyer', 'auditor'] },
        { idpGroup: 'procura-admins', roles: ['administrator'] },
      ],
    });
  });

  it('keeps a group without a role, for the API to refuse next to its row', () => {
    expect(roleMappingPayload([{ idpGroup: 'finance', roles: [] }])).toEqual({
      mappings: [{ idpGroup: 'finance', roles: [] }],
    });
  });

  it('keeps a role the app has no column for after the known ones', () => {
    expect(
      roleMappingPayload([{ idpGroup: 'g', roles: ['treasurer', 'manager'] }]).mappings[0]?.roles,
    ).toEqual(['manager', 'treasurer']);
  });

  it('sees unsaved changes, but not in the order roles were ticked', () => {
    const reordered = [
      { ...table[0], roles: ['administrator'] },
      { idpGroup: 'purchasing', roles: ['buyer', 'employee'] },
    ];
    expect(hasUnsavedChanges(reordered as MappingRow[], table)).toBe(false);
    expect(hasUnsavedChanges(withRole(table, 'purchasing', 'manager', true), table)).toBe(true);
    expect(hasUnsavedChanges(removeGroup(table, 'purchasing'), table)).toBe(true);
  });
});

describe('placing the API refusal on the rows', () => {
  it('puts the errors about one group on its row and the rest with the detail', () => {
    const { byRow, other } = mappingErrorsByRow([
      { field: 'body.mappings.1.roles', reason: 'Too small: expected array to have >=1 items' },
      { field: 'body.mappings.1.idpGroup', reason: 'Too small' },
      { field: 'body.mappings.10.idpGroup', reason: 'Too big' },
      { field: 'body.mappings', reason: 'no group maps to administrator' },
    ]);
    expect([...byRow]).toEqual([
      [1, ['Too small: expected array to have >=1 items', 'Too small']],
      [10, ['Too big']],
    ]);
    expect(other).toEqual([{ field: 'body.mappings', reason: 'no group maps to administrator' }]);
  });
});
