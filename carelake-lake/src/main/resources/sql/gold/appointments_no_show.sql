-- grain: one row per facility, weekday of the appointment and lead time
-- definition: appointments by the facility and the weekday (in source.time-zone) of their slot, and what became
--   of them: kept (fulfilled, arrived, checked-in), no-show, cancelled, or still pending
--   (booked, pending, proposed, waitlist); any other status counts in appointments only. The
--   no-show rate is no-shows over the appointments that came due and were not cancelled (kept
--   plus no-shows); the cancellation rate is cancellations over the appointments that were
--   kept, missed or cancelled. Lead time is the time from booking to the slot, and neither the
--   reference EHR's appointments nor HL7 SIU messages as carelake reads them record when an
--   appointment was booked: lead_time is 'unknown' on every row, kept so that the grain holds
--   when a source records it.
-- reads: appointments, facilities
-- key: facility_id, weekday, lead_time
-- column facility_id: the facility's id in the source; 0 when the appointment names none
-- column facility_name: the facility's name; 'unknown' when silver has no such facility
-- column weekday: ISO day of the week of the slot, 1 Monday to 7 Sunday; 0 when unknown
-- column weekday_name: the day's English name; 'unknown' for 0
-- column lead_time: time from booking to slot as a band; 'unknown': the source records no
--   booking time
-- column appointments: appointments of any status
-- column kept: appointments fulfilled, arrived or checked in
-- column no_shows: appointments the patient missed (noshow)
-- column cancellations: appointments cancelled
-- column pending: appointments still booked, pending, proposed or on a waitlist
-- column no_show_rate: no_shows / (kept + no_shows), rounded to 4 decimals; null when both are 0
-- column cancellation_rate: cancellations / (kept + no_shows + cancellations), rounded to 4
--   decimals; null when all three are 0
WITH slots AS (
  SELECT
    COALESCE(a.facility_id, 0)                                       AS facility_id,
    COALESCE((dayofweek(a.slot_start) + 5) % 7 + 1, 0)              AS weekday,
    COALESCE(date_format(a.slot_start, 'EEEE'), 'unknown')           AS weekday_name,
    'unknown'                                                        AS lead_time,
    CASE
      WHEN a.status IN ('fulfilled', 'arrived', 'checked-in') THEN 'kept'
      WHEN a.status = 'noshow' THEN 'no_show'
      WHEN a.status = 'cancelled' THEN 'cancelled'
      WHEN a.status IN ('booked', 'pending', 'proposed', 'waitlist') THEN 'pending'
      ELSE 'other'
    END                                                              AS outcome
  FROM silver_appointments a
),
counted AS (
  SELECT
    s.facility_id,
    COALESCE(f.name, 'unknown')       AS facility_name,
    s.weekday,
    s.weekday_name,
    s.lead_time,
    COUNT(*)                          AS appointments,
    COUNT_IF(outcome = 'kept')        AS kept,
    COUNT_IF(outcome = 'no_show')     AS no_shows,
    COUNT_IF(outcome = 'cancelled')   AS cancellations,
    COUNT_IF(outcome = 'pending')     AS pending
  FROM slots s
  LEFT JOIN silver_facilities f ON f.facility_id = s.facility_id
  GROUP BY s.facility_id, f.name, s.weekday, s.weekday_name, s.lead_time
)
SELECT
  facility_id,
  facility_name,
  weekday,
  weekday_name,
  lead_time,
  appointments,
  kept,
  no_shows,
  cancellations,
  pending,
  CASE WHEN kept + no_shows = 0 THEN NULL
       ELSE round(no_shows / (kept + no_shows), 4) END                          AS no_show_rate,
  CASE WHEN kept + no_shows + cancellations = 0 THEN NULL
       ELSE round(cancellations / (kept + no_shows + cancellations), 4) END     AS cancellation_rate
FROM counted
ORDER BY facility_id, weekday, lead_time
