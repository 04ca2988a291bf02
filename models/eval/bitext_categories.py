#!/usr/bin/env python3
"""Derives the custom-label data set from the shared Bitext file: the label is Bitext's own `category`
(11 departments that are not the service's seeded seven: Account, Cancellation Fee, Contact, Delivery,
Feedback, Invoice, Newsletter, Order, Payment, Refund, Shipping Address). CDLA-Sharing-1.0, like its source.
Usage: python3 models/eval/bitext_categories.py <bitext-customer-service-en.csv> <out.csv>"""
import csv
import sys

source, target = sys.argv[1], sys.argv[2]
with open(source, newline="", encoding="utf-8") as f, open(target, "w", newline="", encoding="utf-8") as out:
    writer = csv.writer(out)
    writer.writerow(["subject", "description", "label"])
    rows = 0
    for row in csv.DictReader(f):
        writer.writerow([row["subject"], row["description"], row["category"].replace("_", " ").title()])
        rows += 1
print(f"wrote {rows} rows to {target}")
