import { describe, expect, it } from 'vitest';
import * as domain from '../index.js';

describe('@procura/domain approval exports', () => {
  it('exposes the approval rules from the package root', () => {
    for (const name of [
      'checkApprovalRule',
      'planApprovalChain',
      'approvalAmount',
      'startApprovalWorkflow',
      'applyApprovalDecision',
      'approvalProgress',
      'currentApprovalStep',
      'pendingApprovers',
      'describeApprovalDecision',
      'requiresApprovalRestart',
    ]) {
      expect(domain, name).toHaveProperty(name);
    }
  });
});
