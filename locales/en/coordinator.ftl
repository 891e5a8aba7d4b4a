# Regional coordinator (e.g. a regional centre): the region's organisations, forms of mentorship, involvement.

help-coordinator =
    Coordinator commands:
    /region — per municipality: how many organisations run each form of mentorship, students involved, totals
    /region_export — the same in Excel: municipalities and every organisation
coordinator-only = This command is for the regional coordinator only.
coordinator-usage = To become a coordinator, send the code from the operator: /coordinator CODE
coordinator-welcome = You are the coordinator of { $region }{ $municipality ->
        [none] {""}
       *[other] , { $municipality }
    }. Summary — /region, Excel — /region_export.
coordinator-invite-unknown = There is no such coordinator code. Check it or ask the operator for a new one.
coordinator-invite-used = This code has already been used.
coordinator-invite-expired = The code has expired. Ask the operator for a new one.

region-title = 🗺 { $region }{ $municipality ->
        [none] {""}
       *[other] , { $municipality }
    }: the target model of mentorship
region-empty = There are no organisations in { $region }{ $municipality ->
        [none] {""}
       *[other] , { $municipality }
    } yet.
region-municipality-line = • { $municipality }: { $organisations } organisations, { $running } running mentorship; { $forms }; { $involvement }
region-organisation-line = • { $organisation }: { $forms }; { $mentees } mentees, { $mentors } mentors; { $involvement }
region-no-forms = no forms given
region-involved = { $involved } of { $total } students involved ({ $share } %)
region-involved-unknown = { $involved } students involved (number of students not given)
region-total = TOTAL
region-export-hint = A table of every organisation — /region_export.
region-preparing = ⏳ Preparing the regional workbook…
region-export-ready = Regional workbook: { $organisations } organisations, { $municipalities } municipalities.

region-sheet-municipalities = Municipalities
region-sheet-organisations = Organisations
region-col-municipality = Municipality
region-col-organisation = Organisation
region-col-organisations = Organisations
region-col-running = Running mentorship
region-col-form = Organisations running “{ $form }”
region-col-forms-count = Forms run
region-col-students = Students
region-col-involved = Involved
region-col-share = Share, %
region-col-mentees = Mentees
region-col-mentors = Mentors
