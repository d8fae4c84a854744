export {
  addDays,
  addMonths,
  calendarDate,
  companyTimeZone,
  daysBetween,
  isCalendarDate,
} from './calendar.js';
