export {
  type ComplianceDocumentType,
  type ComplianceRule,
  complianceDocumentTypeNames,
  complianceDocumentTypes,
  complianceRules,
  isServiceCategory,
  requiredComplianceDocuments,
  type SupplierComplianceProfile,
  vigilanceThresholdEur,
} from './compliance-rules.js';
export {
  assessCompliance,
  type ComplianceAssessment,
  type CompliancePolicy,
  type ComplianceStatus,
  complianceAllowsOrders,
  compliancePolicies,
  complianceReason,
  complianceStatuses,
  documentExpiry,
  dueReminderThreshold,
  type HeldDocument,
} from './compliance-status.js';
export { type DocumentContentType, detectDocumentContentType } from './document-content-type.js';
