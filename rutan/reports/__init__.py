"""Reports: every report and dashboard figure that reads across apps, in one room.

This package is the only part of `rutan` that imports the apps (pembinaan, absensi,
pengaduan); rutan's base (models, roles, unit profile, months, exports, charts, dashboard
shell) imports none (tests/test_architecture.py). A module per report:

- `daily_attendance`: the daily attendance summary, per session of a day;
- `monthly_programs`: the monthly program report in the regional office's shape;
- `attendance_recap`: one program's inmates × sessions matrix of a month;
- `participation`: per-inmate monthly participation (SPPN), by block and class;
- `inmate_activity`: an inmate's activity history (the register's inmate page);
- `glance` and `trend`: the dashboard's month at a glance and its 12-month trend;
- `complaints`: the complaint desk's dashboard charts (figures from `pengaduan.reports`);
- `common`: the building blocks they share;

and what serves them: `forms` (GET filters), `sheets` (XLSX), `views`, `urls`.

The figures are computed by the database. Every report function runs a fixed number of
queries whatever the number of rows (counted in `tests/rutan/test_reports_*.py` and in
`benchmarks/reports.py`): figures are aggregates (`Count(..., filter=...)`, grouped
`values().annotate()`, correlated subqueries), never Python loops over rows. Python only
arranges what the database returned (fills months without sessions with zeros, lays out the
cells of a matrix the database pivoted).

Definitions used by every report (docs/laporan.md):
- *direncanakan* (planned): every session of the period, whatever its state — sessions exist
  only from approved work plans; *terlaksana* (held): finished sessions; *dibatalkan*
  (cancelled); *belum terlaksana*: scheduled or still running.
- *sesuai waktu layanan* (kept to the slot): a finished session with none of the three time
  flags the sessions service keeps whenever its times change: started within
  SESSION_START_TOLERANCE_MINUTES of the planned start (`start_off_time`), lasted no longer
  than its slot (`overran`) and at least SESSION_MIN_MINUTES (`too_short`); as a share of the
  sessions held. Each flag is also counted on its own.
- *peserta* (participants) of a month: distinct inmates with an allocation to the program
  running on at least one day of the month.
- *tingkat kehadiran* (attendance rate): "Hadir" records as a share of the attendance records
  of the sessions held (records of a cancelled session, "Sesi dibatalkan", never count).
- *belum dicatat* (not yet recorded): participants of a session (allocation running on its
  date) without an attendance record for it.
"""
