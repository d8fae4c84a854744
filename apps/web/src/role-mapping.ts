import { type RoleMapping, roles } from './api.js';
import type { FieldProblem } from './problems.js';

/** One row of the role-mapping table: an identity-provider group and the roles it gives. */
export type MappingRow = RoleMapping;

const roleOrder = (role: string) => {
  const index = (roles as readonly string[]).indexOf(role);
  return index === -1 ? roles.length : index;
};

/** Grants or withdraws one role of one group. */
export function withRole(
  rows: readonly MappingRow[],
  idpGroup: string,
  role: string,
  granted: boolean,
): MappingRow[] {
  return rows.map((row) => {
    if (row.idpGroup !== idpGroup) return row;
    const others = row.roles.filter((r) => r !== role);
    return { ...row, roles: granted ? [...others, role] : others };
  });
}

/** Appends a group with no role yet; refuses an empty name or a group already in the table. */
export function addGroup(
  rows: readonly MappingRow[],
  name: string,
): { rows: MappingRow[]; error?: undefined } | { rows?: undefined; error: 'empty' | 'duplicate' } {
  const idpGroup = name.trim();
  if (!idpGroup) return { error: 'empty' };
  if (rows.some((row) => row.idpGroup.trim() === idpGroup)) return { error: 'duplicate' };
  return { rows: [...rows, { idpGroup, roles: [] }] };
}

export function removeGroup(rows: readonly MappingRow[], idpGroup: string): MappingRow[] {
  return rows.filter((row) => row.idpGroup !== idpGroup);
}

/**
 * The body of `PUT /api/v1/admin/role-mappings`: the whole table, in its order (the API names
 * refused rows by index), group names trimmed, each role once, in the order of the columns.
 * Nothing is dropped: a group left without a role is the API's to refuse, next to its row.
 */
export function roleMappingPayload(rows: readonly MappingRow[]): { mappings: RoleMapping[] } {
  return {
    mappings: rows.map((row) => ({
      idpGroup: row.idpGroup.trim(),
      roles: [...new Set(row.roles)].sort((a, b) => roleOrder(a) - roleOrder(b)),
    })),
  };
}

/** True when the table differs from what was last loaded or saved. */
export function hasUnsavedChanges(rows: readonly MappingRow[], saved: readonly MappingRow[]): boolean {
  return JSON.stringify(roleMappingPayload(rows)) !== JSON.stringify(roleMappingPayload(saved));
}

/** The API's field errors ('body.mappings.2.roles') by row index, and those about the whole table. */
export function mappingErrorsByRow(errors: readonly FieldProblem[]): {
  byRow: Map<number, string[]>;
  other: FieldProblem[];
} {
  const byRow = new Map<number, string[]>();
  const other: FieldProblem[] = [];
  for (const error of errors) {
    const match = /^body\.mappings\.(\d+)(?:\.|$)/.exec(error.field);
    if (match) {
      const index = Number(match[1]);
      byRow.set(index, [...(byRow.get(index) ?? []), error.reason]);
    } else other.push(error);
  }
  return { byRow, other };
}
