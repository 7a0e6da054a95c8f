#!/bin/sh
# unit tests of the measurement core (ASan/UBSan build)
d=$(dirname "$0")/../..
exec "$d/build/tests/san-core"
