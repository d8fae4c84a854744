export { createMailer, type Mailer, type OutgoingMail } from './mailer.js';
export { type ReceivedMail, type SmtpSink, type SmtpSinkOptions, startSmtpSink } from './smtp-sink.js';
