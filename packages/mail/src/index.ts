// The SMTP sink (smtp-server, mailparser) is for tests and development: import it from
// `@procura/mail/sink`, so that production code never loads it.
export { createMailer, type Mailer, type MailerOptions, type OutgoingMail } from './mailer.js';
