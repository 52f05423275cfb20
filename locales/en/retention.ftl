# Retention: personal data erased on the event file's date (privacy.retention).

retention-erased-on = 🗓 Your personal data will be erased on { $date }.
retention-notice =
    🗓 <b>Personal data will be erased in { $days } days</b> ({ $date }).

    The registrations, tickets and named survey answers of { $people } participants will be deleted; the completion report and /stats keep their numbers. Download the export now if you need it.
retention-export-button = 📤 Export (XLSX)
retention-done-notice =
    🗑 <b>Personal data erased</b> ({ $date }): { $people } participants, { $registrations } registrations, { $tickets } tickets. /report and /stats keep the numbers frozen before the erasure.
retention-admin-due = 🗓 Personal data are erased on { $date } (in { $days } days).
retention-admin-done = 🗑 Personal data were erased on { $date }; /report and /stats show the numbers frozen then.
retention-admin-none = 🗓 No retention date: personal data are kept until erased by hand (privacy.retention in the event file).
