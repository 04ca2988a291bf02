// Integration tests build a fresh app and database per test; two cores run two collections at a time.
[assembly: CollectionBehavior(MaxParallelThreads = 2)]
