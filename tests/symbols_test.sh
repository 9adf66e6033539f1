#!/usr/bin/env bash
# libchatscan.so exports the C ABI (chatscan_*) and the public C++ API
# (classes and functions of namespace chatscan declared CHATSCAN_EXPORT in
# include/chatscan/), nothing else of its own. Template instantiations of
# the standard library (weak symbols) are allowed.
# usage: symbols_test.sh LIBCHATSCAN_SO
set -uo pipefail
lib=$1
public='^chatscan::(Status|CompiledRules|Scanner|BatchScanner|RulesHolder|HolderScanner|ConversationScanner)::|^chatscan::(ActionName|SeverityName|KindName|AudienceName|Redact)\('
bad=0
total=0
while read -r type name; do
  total=$((total + 1))
  case $type in
    W|V|u|w|v) continue ;;  # vague linkage: inline and template instantiations
  esac
  if [[ $name == chatscan_* ]]; then continue; fi
  demangled=$(echo "$name" | c++filt)
  if [[ $demangled =~ $public ]]; then continue; fi
  if [[ $demangled == "typeinfo"* || $demangled == "vtable"* ]]; then continue; fi
  echo "unexpected exported symbol: $demangled ($type)"
  bad=$((bad + 1))
done < <(nm -D --defined-only "$lib" | awk '{print $2, $3}')
c_functions=$(nm -D --defined-only "$lib" | awk '$3 ~ /^chatscan_/' | wc -l)
echo "checked $total exported symbols, $c_functions C functions"
if ((c_functions < 25)); then
  echo "FAIL: expected the C ABI's functions to be exported"
  bad=$((bad + 1))
fi
if ((bad)); then
  echo "0 passed, 1 failed"
  exit 1
fi
echo "1 passed, 0 failed"
