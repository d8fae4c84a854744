/**
 * What went wrong, in terms the edge can act on. The HTTP edge maps each kind to a status
 * (invalid → 400, unprocessable → 422, too_large → 413, ...); the domain itself never mentions HTTP.
 */
export type ErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'unprocessable'
  | 'too_large'
  | 'unsupported_content';

/** Every code a {@link DomainError} may carry. Add a row here before throwing a new code. */
export const errorCodes = {
  validation_failed: {
    kind: 'invalid',
    description: 'The input breaks a field rule; the details name each failing field and why.',
  },
  invalid_decimal: {
    kind: 'invalid',
    description: 'A number is not a plain decimal string such as "12.5" (no exponent, no separators).',
  },
  invalid_amount: {
    kind: 'invalid',
    description: 'A money amount is malformed or breaks an amount rule (for example a negative item price).',
  },
  invalid_currency: {
    kind: 'invalid',
    description: 'A currency is not an ISO 4217 code known to Procura.',
  },
  currency_mismatch: {
    kind: 'unprocessable',
    description: 'Two amounts in different currencies were combined.',
  },
  invalid_vat_rate: {
    kind: 'invalid',
    description: 'A VAT rate is malformed, out of 0–100, or not allowed for its VAT category.',
  },
  invalid_vat_category: {
    kind: 'invalid',
    description: 'A VAT category is not a UNCL5305 code used by EN 16931.',
  },
  invalid_identifier: {
    kind: 'invalid',
    description:
      'A SIREN, SIRET, VAT number, IBAN or BIC has a wrong format, length, country or check digit.',
  },
  below_minimum_order_quantity: {
    kind: 'unprocessable',
    description: "A quantity is below the catalog item's minimum order quantity.",
  },
  price_list_not_valid: {
    kind: 'unprocessable',
    description:
      'The price list or contract an item comes from is not valid on the day: it cannot be ordered.',
  },
  item_not_orderable: {
    kind: 'unprocessable',
    description:
      'The catalog item can no longer be ordered (deactivated, supplier blocked, price list expired).',
  },
  idempotency_key_reused: {
    kind: 'unprocessable',
    description: 'An Idempotency-Key already answered a different request: use a new key for a new request.',
  },
  budget_exceeded: {
    kind: 'unprocessable',
    description:
      'The request would take a budget line whose policy is stop beyond its amount: it cannot be submitted.',
  },
  approval_chain_incomplete: {
    kind: 'unprocessable',
    description:
      'Nobody can approve a step the approval rules require (no manager, nobody holds the role): an administrator must fix the rules or the hierarchy.',
  },
  exchange_rate_missing: {
    kind: 'unprocessable',
    description:
      "No exchange rate from the document's currency to the entity's currency is in force on the day: finance must record one.",
  },
  entity_unknown: {
    kind: 'unprocessable',
    description: "The buying entity has not reached this service's directory yet (its event is on the way).",
  },
  supplier_not_orderable: {
    kind: 'unprocessable',
    description:
      'The supplier cannot receive a new order: not approved, blocked, archived, held for compliance, or without approved ordering details.',
  },
  nothing_to_order: {
    kind: 'unprocessable',
    description:
      'The approved requests hold no line that can still be ordered (already ordered, or without a supplier).',
  },
  approval_link_used: {
    kind: 'conflict',
    description:
      'An approval link from an e-mail was already used, or its step is no longer awaiting a decision.',
  },
  approval_link_expired: {
    kind: 'conflict',
    description: 'An approval link from an e-mail has expired: the request is decided in Procura itself.',
  },
  budget_import_invalid: {
    kind: 'unprocessable',
    description:
      'A budget file has problems; the details list each one with its row, column and reason. Nothing was imported.',
  },
  budget_line_exists: {
    kind: 'conflict',
    description:
      'A budget line already covers that cost centre, category and period (the same key, or a period sharing days with it): change that line instead.',
  },
  catalog_import_invalid: {
    kind: 'unprocessable',
    description:
      'A catalog file has problems; the details list each one with its row, column and reason. Nothing was imported.',
  },
  catalog_import_expired: {
    kind: 'conflict',
    description: 'A catalog import preview is too old to confirm: upload the file again.',
  },
  catalog_changed_since_preview: {
    kind: 'conflict',
    description:
      "The supplier's catalog changed after the import preview (another import, an edit): nothing was applied; upload the file again.",
  },
  catalog_import_closed: {
    kind: 'conflict',
    description:
      'The supplier is archived or the price list has expired: its catalog takes no import. Nothing was imported.',
  },
  // e-invoice
  einvoice_too_large: {
    kind: 'too_large',
    description:
      'An e-invoice file (or the XML inside a PDF) is larger than the size limit (10 MB by default).',
  },
  einvoice_too_deep: {
    kind: 'invalid',
    description: 'An e-invoice XML nests elements deeper than the limit: refused before parsing.',
  },
  einvoice_too_many_elements: {
    kind: 'invalid',
    description: 'An e-invoice XML holds more elements than the limit: refused before parsing.',
  },
  einvoice_doctype_forbidden: {
    kind: 'invalid',
    description:
      'An e-invoice XML declares a DOCTYPE or an ENTITY: refused, as no e-invoice syntax needs one and they carry entity expansion and external entity attacks.',
  },
  einvoice_malformed_xml: {
    kind: 'invalid',
    description:
      'An e-invoice is not well-formed XML (or not in its declared encoding); the message says where.',
  },
  einvoice_unsupported_syntax: {
    kind: 'unsupported_content',
    description:
      'A file is not an e-invoice Procura reads: neither UBL 2.1 Invoice or CreditNote, UN/CEFACT CII D16B, Factur-X / ZUGFeRD 2 PDF nor keyed-in JSON (ZUGFeRD 1.0, an order, any other XML).',
  },
  einvoice_unreadable_pdf: {
    kind: 'invalid',
    description:
      'A PDF cannot be read (corrupt, truncated or encrypted), so its embedded invoice cannot be found.',
  },
  einvoice_invalid_json: {
    kind: 'invalid',
    description:
      'A keyed-in invoice is not valid JSON or breaks its schema; the details name each field and why.',
  },
  einvoice_invalid_value: {
    kind: 'invalid',
    description:
      'An e-invoice element holds a value of the wrong kind (an amount that is not a decimal, a date that is not a date); the details name the element.',
  },
  einvoice_rules_violated: {
    kind: 'unprocessable',
    description:
      'An invoice breaks EN 16931 business rules and cannot be processed; the details list each violation with its rule id (BR-CO-15, ...).',
  },
  // invoice intake
  invoice_file_empty: {
    kind: 'invalid',
    description:
      'An invoice upload has no body: send the file (UBL, CII, Factur-X PDF or JSON) as the request body.',
  },
  invoice_duplicate: {
    kind: 'conflict',
    description:
      'The supplier already sent a document of that kind with that number in the same fiscal year: the upload is kept for audit, the invoice is not taken twice.',
  },
  invoice_file_not_awaiting_keying: {
    kind: 'conflict',
    description:
      'An invoice was keyed in from a file that is not a PDF awaiting keying (already keyed in, or an e-invoice that was read).',
  },
  unauthenticated: {
    kind: 'unauthenticated',
    description: 'The caller is not identified.',
  },
  forbidden: {
    kind: 'forbidden',
    description: 'The caller is identified but may not do this.',
  },
  not_found: {
    kind: 'not_found',
    description: 'The thing referred to does not exist, or the caller may not know that it does.',
  },
  conflict: {
    kind: 'conflict',
    description: 'The change collides with the current state (a duplicate, a concurrent edit).',
  },
  segregation_of_duties: {
    kind: 'forbidden',
    description:
      'Four eyes: the person who entered or submitted something may not also approve or verify it.',
  },
  payload_too_large: {
    kind: 'too_large',
    description: 'A file or body is larger than the limit (a compliance document over 10 MB).',
  },
  unsupported_media_type: {
    kind: 'unsupported_content',
    description:
      'A file is not of an accepted type, judged by its content (a compliance document that is not a PDF, PNG or JPEG).',
  },
  terms_not_in_force: {
    kind: 'unprocessable',
    description:
      'No version of the general purchasing terms or of an annex the order needs is in force on the day of issue: an administrator must publish one.',
  },
  terms_too_long: {
    kind: 'unprocessable',
    description:
      'A version of the general purchasing terms does not fit on the back of a page at the smallest readable size: shorten it before publishing.',
  },
  invalid_state_transition: {
    kind: 'conflict',
    description: 'The action is not allowed from the current state (approving a cancelled request, ...).',
  },
  // matching and payment
  variance_over_acceptance_limit: {
    kind: 'forbidden',
    description:
      "The variances to accept on an invoice come to more than the person's acceptance limit (their own, or their role's default): someone with a higher limit must accept them; the details give the limit and the variance.",
  },
  no_variance_to_accept: {
    kind: 'unprocessable',
    description:
      'An invoice has no open price or quantity variance of the kind asked to accept (already accepted, or its exception is of another kind).',
  },
  invoice_changed: {
    kind: 'conflict',
    description:
      'Someone acted on the invoice since the caller read it (its version moved on): reload it and decide again.',
  },
  tolerance_rule_duplicate: {
    kind: 'conflict',
    description:
      'Two tolerance rules have the same measure, scope (entity, supplier, category) and currency: change the existing rule instead.',
  },
  payment_file_invalid: {
    kind: 'unprocessable',
    description:
      'A payment cannot be written to a SEPA credit transfer file (not in euros, amount out of range, identifier too long); the details name each problem.',
  },
  journal_entry_unbalanced: {
    kind: 'unprocessable',
    description:
      "An invoice's accounting entry does not balance (its expense and VAT lines do not add up to the amount owed to the supplier): nothing was exported.",
  },
  payment_run_empty: {
    kind: 'unprocessable',
    description:
      'A payment run would pay nothing: no approved invoice is due by its execution date, or each is held, already in a run, or owed to a supplier without verified bank details (the details list each reason).',
  },
  paying_account_missing: {
    kind: 'unprocessable',
    description:
      'The buying entity has no company bank account to pay its suppliers from: an administrator must record one before a payment run.',
  },
} as const satisfies Record<string, { kind: ErrorKind; description: string }>;

export type ErrorCode = keyof typeof errorCodes;
