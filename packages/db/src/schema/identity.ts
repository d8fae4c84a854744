import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { CreatedAt, Numeric, OutboxTables, Timestamp } from './common.js';

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
  id: Generated<string>;
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
  idp_subject: string | null;
  idp_groups: Generated<string[]>;
  last_login_at: Timestamp | null;
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

export interface RoleMappingTable {
  idp_group: string;
  role: string;
  updated_by: string | null;
  updated_at: CreatedAt;
}

export interface SessionTable {
  id_hash: Buffer;
  user_id: string | null;
  data: JSONColumnType<Record<string, unknown>, string, string>;
  created_at: CreatedAt;
  idle_expires_at: Timestamp;
  absolute_expires_at: Timestamp;
}

export interface SamlRequestTable {
  id: string;
  created_at: CreatedAt;
}

export interface SamlAssertionTable {
  id: string;
  issuer: string;
  expires_at: Timestamp;
}

export interface DelegationTable {
  id: Generated<string>;
  delegator_user_id: string;
  delegate_user_id: string;
  /** A calendar date, 'YYYY-MM-DD'. */
  starts_on: ColumnType<string, string, string>;
  ends_on: ColumnType<string, string, string>;
  created_at: CreatedAt;
  revoked_at: Timestamp | null;
}

export interface ApiTokenTable {
  id: Generated<string>;
  name: string;
  token_prefix: string;
  token_hash: Buffer;
  scopes: string[];
  entity_id: string;
  created_by: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  revoked_by: string | null;
  last_used_at: Timestamp | null;
}

export type IdentityDatabase = {
  'identity.company_group': CompanyGroupTable;
  'identity.entity': EntityTable;
  'identity.site': SiteTable;
  'identity.app_user': AppUserTable;
  'identity.cost_centre': CostCentreTable;
  'identity.user_cost_centre': UserCostCentreTable;
  'identity.role_mapping': RoleMappingTable;
  'identity.session': SessionTable;
  'identity.saml_request': SamlRequestTable;
  'identity.saml_assertion': SamlAssertionTable;
  'identity.delegation': DelegationTable;
  'identity.api_token': ApiTokenTable;
} & OutboxTables<'identity'>;
