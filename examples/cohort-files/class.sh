#!/bin/sh
# Builds class.db, the store of four 2014 students that docs/cohort.md's reports are run on.
# Run it from the repository root (clearflow on PATH): sh examples/cohort-files/class.sh
#   2014001 张三      refused at the library (2 books not returned)
#   2014002 (a name that is a spreadsheet formula) refused by Finance, Student Aid, Library
#   2014003 王五      a main-campus secondary student, every step done, documents released
#   2014004 钱七      an Ergezhai-campus student (served elsewhere), at the first station
set -e
W=workflows/gyvtc-2014.yaml
D=examples/cohort-files/class
rm -f class.db
clearflow cohort import "$W" "$D/roster.csv" --db class.db --at "2014-06-30 09:00"
for id in 2014001 2014002 2014003 2014004; do
  case $id in 2014001 | 2014002) answers=$D/$id.yaml ;; *) answers=$D/cleared.yaml ;; esac
  # Prerequisites on 1 July; the walk ends (exit 3) at what is still open.
  status=0
  clearflow walk "$W" --db class.db --student-id $id --answers "$answers" \
    --at "2014-07-01 09:30" > /dev/null || status=$?
  [ $status -eq 3 ] || { echo "walk $id: exit $status" >&2; exit 1; }
done
# 王五's session day: every station cleared, the documents released.
clearflow walk "$W" --db class.db --student-id 2014003 --yes --at "2014-07-09 10:00" | tail -n 1
