export { addDays, addMonths, calendarDate, companyTimeZone, daysBetween } from './calendar.js';
