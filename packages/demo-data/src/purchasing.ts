// The demo company's approval rules and budgets: what `npm start` routes requests by.
import { demoCostCentres, demoEntityIds } from './organisation.js';

export interface DemoApprovalRule {
  id: string;
  entityId: string | null;
  name: string;
  position: number;
  kind: 'blocking' | 'warning';
  conditions: Record<string, unknown>;
  approvers: Record<string, unknown>;
  mode: 'any' | 'all';
}

export const demoApprovalRules: readonly DemoApprovalRule[] = [
  {
    id: 'a9e1c2d3-0001-4a00-8000-00000000a001',
    entityId: null,
    name: 'Validation hiérarchique / Manager approval',
    position: 10,
    kind: 'blocking',
    conditions: {},
    approvers: { kind: 'manager_chain' },
    mode: 'any',
  },
  {
    id: 'a9e1c2d3-0001-4a00-8000-00000000a002',
    entityId: null,
    name: 'Responsable budgétaire si hors budget / Budget holder when over budget',
    position: 20,
    kind: 'blocking',
    conditions: { budgetState: 'over' },
    approvers: { kind: 'cost_centre_manager' },
    mode: 'any',
  },
  {
    id: 'a9e1c2d3-0001-4a00-8000-00000000a003',
    entityId: null,
    name: 'Finance au-delà de 10 000 / Finance above 10,000',
    position: 30,
    kind: 'blocking',
    conditions: { minAmount: '10000' },
    approvers: { kind: 'role', role: 'accountant' },
    mode: 'any',
  },
];

export interface DemoBudgetLine {
  entityId: string;
  costCentreId: string;
  budgetCategory: string;
  amount: string;
  policy: 'stop' | 'warn' | 'ignore';
}

/** A budget for the current fiscal year (calendar year) on office supplies and IT for every cost centre of the parent entity. */
export const demoBudgetLines: readonly DemoBudgetLine[] = demoCostCentres
  .filter((c) => c.entityId === demoEntityIds.altiva)
  .flatMap((c) => [
    {
      entityId: c.entityId,
      costCentreId: c.id,
      budgetCategory: '606400',
      amount: '15000.00',
      policy: 'warn' as const,
    },
    {
      entityId: c.entityId,
      costCentreId: c.id,
      budgetCategory: '218300',
      amount: '40000.00',
      policy: 'stop' as const,
    },
  ]);
