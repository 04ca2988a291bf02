#!/usr/bin/env bash
# Reproduces every number of models/README.md. Run from the repository root:
#   bash models/eval/reproduce.sh [/path/to/shared/datasets]
# Needs the shared datasets (the multilingual one is CC BY-NC: evaluation and the baseline comparison only).
set -euo pipefail
D=${1:-/work/shared/datasets}
OUT=${OUT:-/tmp/ticketrouting-eval}
mkdir -p "$OUT"
dotnet build src/TicketRouting.Cli -c Release -v q >/dev/null
cli() { dotnet src/TicketRouting.Cli/bin/Release/net10.0/ticketrouting.dll "$@"; }
run() { local name=$1; shift; cli "$@" > "$OUT/$name.txt"; echo "$name: $(sed -n 2,3p "$OUT/$name.txt" | tr -s ' ' | tr '\n' ' ')"; }

# 1. Text model vs linear-SVM baseline on the shared data (stable 80/20 split by hash of the text).
for algorithm in svm logreg; do
  cli train --algorithm "$algorithm" --data "$D/bitext-customer-service-en.csv" "$D/multilingual-tickets-train.csv" \
    --split train --out "$OUT/shared-$algorithm.bin" | head -1
  run "shared-$algorithm" evaluate --model "$OUT/shared-$algorithm.bin" --split test \
    --data "$D/bitext-customer-service-en.csv" "$D/multilingual-tickets-train.csv"
  run "shared-multilingual-$algorithm" evaluate --model "$OUT/shared-$algorithm.bin" --split test \
    --data "$D/multilingual-tickets-train.csv"
done

# 2. The shipped recipe on its own data, held-out split.
S="$D/bitext-customer-service-en.csv seed/training/handwritten-tickets.csv"
for algorithm in svm logreg; do
  cli train --algorithm "$algorithm" --data $S --split train --out "$OUT/ship-$algorithm.bin" | head -1
  run "ship-split-$algorithm" evaluate --model "$OUT/ship-$algorithm.bin" --data $S --split test
done
run "ship-split-rules" evaluate --rules --data $S --split test
run "ship-split-hybrid" evaluate --hybrid --model "$OUT/ship-svm.bin" --data $S --split test

# 3. The shipped rules and model on tickets they never saw; the threshold from both hand-written held-out sets.
run "holdouts-hybrid" evaluate --hybrid --data models/eval/handwritten-holdout.csv models/eval/handwritten-holdout-2.csv \
  --min-confidence 0.55 --min-coverage 0.9
python3 models/eval/multilingual_en_fr.py "$D/multilingual-tickets-train.csv" >/dev/null
for set in holdout-3:models/eval/handwritten-holdout-3.csv holdout-2:models/eval/handwritten-holdout-2.csv holdout-1:models/eval/handwritten-holdout.csv \
           multilingual-en:/tmp/ml-en.csv multilingual-fr:/tmp/ml-fr.csv multilingual-all:"$D/multilingual-tickets-train.csv"; do
  name=${set%%:*}; file=${set#*:}
  run "$name-rules" evaluate --rules --data "$file" --min-confidence 0.55
  run "$name-model" evaluate --model models/department-model.bin --data "$file" --min-confidence 0.55
  run "$name-hybrid" evaluate --hybrid --data "$file" --min-confidence 0.55
done

# 4. The shipped model itself (byte-identical when rebuilt).
cli train --data "$D/bitext-customer-service-en.csv" seed/training/handwritten-tickets.csv \
  --out "$OUT/department-model.bin" --model-version 2026.11-1
cmp "$OUT/department-model.bin" models/department-model.bin && echo "shipped model reproduced byte for byte"
