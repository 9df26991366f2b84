/** The admin domain's API: accounts, role grants and the audit log, each scoped to what the viewer administers. */
export {
	ACCOUNTS_PER_PAGE,
	type AccountDetails,
	type AccountFilter,
	type AccountGrant,
	type AccountList,
	type AccountListRow,
	type CreatedAccount,
	administersPerson,
	createAccount,
	getAccount,
	listAccounts,
	setAccountDisabled,
	suggestUsername
} from './accounts';
export { AUDIT_PER_PAGE, type AuditFilter, type AuditRow, auditActions, listAudit } from './audit-log';
export { grantRole, grantableRoles, revokeRole } from './roles';
export { type AdminViewer, type Outcome, adminViewer } from './scope';
export { type UnitChoice, type UnitChoices, unitChoices } from './units';
