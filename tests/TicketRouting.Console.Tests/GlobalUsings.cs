global using Microsoft.Playwright;
global using TicketRouting.Console.Tests.Infrastructure;
global using static Microsoft.Playwright.Assertions;

// One browser and one app per class already keep the two cores busy: run the classes one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
