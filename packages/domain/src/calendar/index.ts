export {
  addDays,
  addMonths,
  calendarDate,
  companyTimeZone,
  daysBetween,
  isCalendarDate,
  workingDaysBetween,
} from './calendar.js';
