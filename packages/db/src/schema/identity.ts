import type { Generated } from 'kysely';
import type { CreatedAt, Numeric, OutboxTables } from './common.js';

export interface CompanyGroupTable {
  id: string;
  name: string;
}

export interface EntityTable {
  id: string;
  group_id: string;
  parent_entity_id: string | null;
  code: string;
  legal_name: string;
  legal_form: string;
  siren: string | null;
  siret: string | null;
  vat_number: string | null;
  share_capital: Numeric | null;
  registration_city: string | null;
  address_line: string;
  postal_code: string;
  city: string;
  country: string;
  currency: string;
}

export interface SiteTable {
  id: string;
  entity_id: string;
  code: string;
  name: string;
  address_line: string;
  postal_code: string;
  city: string;
  country: string;
}

export interface AppUserTable {
  id: string;
  email: string;
  display_name: string;
  roles: string[];
  entity_id: string;
  site_id: string | null;
  manager_user_id: string | null;
  locale: Generated<'fr' | 'en'>;
  approval_limit: Numeric | null;
  active: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface CostCentreTable {
  id: string;
  entity_id: string;
  code: string;
  name_fr: string;
  name_en: string;
  manager_user_id: string | null;
}

export interface UserCostCentreTable {
  user_id: string;
  cost_centre_id: string;
}

export type IdentityDatabase = {
  'identity.company_group': CompanyGroupTable;
  'identity.entity': EntityTable;
  'identity.site': SiteTable;
  'identity.app_user': AppUserTable;
  'identity.cost_centre': CostCentreTable;
  'identity.user_cost_centre': UserCostCentreTable;
} & OutboxTables<'identity'>;
