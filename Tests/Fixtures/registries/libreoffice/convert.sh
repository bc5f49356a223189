#!/bin/sh
# Converts the four CSVs of the registries fixture to .xlsx with LibreOffice Calc, the way an
# office user who opens the CSV gets it by default: numbers become numbers, ISO dates become
# date cells ("Detect special numbers" on), everything else stays text.
#
#   sh Tests/Fixtures/registries/libreoffice/convert.sh
#
# Needs soffice (Debian: apt-get install --no-install-recommends libreoffice-calc-nogui).
# Writes labour_force.xlsx, job_seekers.xlsx, entrepreneurs.xlsx, trainees.xlsx next to itself.
#
# CSV import filter tokens (https://help.libreoffice.org/latest/en-US/text/shared/guide/csv_params.html):
#   1 field separator      44  ,
#   2 text delimiter       34  "
#   3 character set        76  UTF-8
#   4 first line           1   (the header is row 1)
#   5 column formats       (empty: every column "Standard", i.e. detected)
#   6 language             1033 (en-US: decimal point ".", dates M/D/Y)
#   7 quoted field as text false
#   8 detect special nums  true  (dates, times, percent, scientific)
#   9 (export only)        false
#  10 (export only)        false
#  11 remove spaces        false
#  12 (export only)        (empty)
#  13 evaluate formulas    false
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=$(dirname "$here")
profile=$(mktemp -d)                      # a throw-away LibreOffice user profile
trap 'rm -rf "$profile"' EXIT
filter='CSV:44,34,76,1,,1033,false,true,false,false,false,,false'
for name in labour_force job_seekers entrepreneurs trainees; do
    soffice --headless --norestore "-env:UserInstallation=file://$profile" \
        --infilter="$filter" --convert-to xlsx:"Calc MS Excel 2007 XML" \
        --outdir "$here" "$src/$name.csv"
done
