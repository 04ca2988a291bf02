using System.Net;
using System.Net.Http.Json;
using Deque.AxeCore.Playwright;

namespace TicketRouting.Console.Tests;

/// <summary>An admin adds a department, an agent in it and the agent's login, then deactivates that login. Own service: it adds agents.</summary>
public sealed class AdminConsoleTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>
{
    [Fact]
    public async Task Admin_AddsDepartmentAgentAndUser_ThenDeactivatesTheUser_AndTheApiAgrees()
    {
        var page = await fixture.SignInAsync(DevUsers.Admin, "/console/admin");

        var department = page.GetByRole(AriaRole.Form, new() { Name = "Add a department" });
        await department.GetByLabel("Slug").FillAsync("warranty");
        await department.GetByLabel("English name").FillAsync("Warranty");
        await department.GetByLabel("French name").FillAsync("Garantie");
        await department.GetByRole(AriaRole.Button, new() { Name = "Add department" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Department Warranty added.");

        var agent = page.GetByRole(AriaRole.Form, new() { Name = "Add an agent" });
        await agent.GetByLabel("Name", new() { Exact = true }).FillAsync("Zoé Martin");
        await agent.GetByLabel("Email").FillAsync("zoe.martin@example.com");
        await agent.GetByLabel("Department").SelectOptionAsync(new SelectOptionValue { Label = "Warranty" });
        await agent.GetByLabel("Capacity").FillAsync("5");
        await agent.GetByRole(AriaRole.Button, new() { Name = "Add agent" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Agent Zoé Martin added.");

        var user = page.GetByRole(AriaRole.Form, new() { Name = "Add a user" });
        await user.GetByLabel("Username", new() { Exact = true }).FillAsync("zoe.martin");
        await user.GetByLabel("Name", new() { Exact = true }).FillAsync("Zoé Martin");
        await user.GetByLabel("Password").FillAsync("zoe-dev-only-2026");
        await user.GetByLabel("Role", new() { Exact = true }).SelectOptionAsync("agent");
        await user.GetByLabel("Agent record").SelectOptionAsync(new SelectOptionValue { Label = "Zoé Martin (Warranty)" });
        await user.GetByRole(AriaRole.Button, new() { Name = "Add user" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("User zoe.martin added.");

        var admin = await fixture.ApiAsync(DevUsers.Admin);
        var agents = await admin.GetJsonAsync("/api/agent");
        var created = Assert.Single(agents.EnumerateArray(), a => a.Str("name") == "Zoé Martin");
        Assert.Equal("warranty", created.GetProperty("department").Str("slug"));
        Assert.Equal(5, created.GetProperty("capacity").GetInt32());
        var zoe = await fixture.SignInAsync(("zoe.martin", "zoe-dev-only-2026"));
        await Expect(zoe.GetByRole(AriaRole.Heading, new() { Name = "My tickets" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Deactivate zoe.martin" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("zoe.martin deactivated: their sessions end.");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Reactivate zoe.martin" })).ToBeVisibleAsync();
        var users = await admin.GetJsonAsync("/api/user");
        Assert.False(Assert.Single(users.EnumerateArray(), u => u.Str("username") == "zoe.martin").GetProperty("active").GetBoolean());
        using var anonymous = new HttpClient { BaseAddress = fixture.App.BaseAddress };
        var login = await anonymous.PostAsJsonAsync("/api/token", new { username = "zoe.martin", password = "zoe-dev-only-2026" });
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
    }

    [Fact]
    public async Task Admin_InvalidDepartmentAndDuplicateUser_ShowTheApisErrorsAndAddNothing()
    {
        var admin = await fixture.ApiAsync(DevUsers.Admin);
        var departmentsBefore = (await admin.GetJsonAsync("/api/department")).GetArrayLength();
        var usersBefore = (await admin.GetJsonAsync("/api/user")).GetArrayLength();
        var page = await fixture.SignInAsync(DevUsers.Admin, "/console/admin");

        var department = page.GetByRole(AriaRole.Form, new() { Name = "Add a department" });
        await department.GetByLabel("Slug").FillAsync("Bad Slug!");
        await department.GetByLabel("English name").FillAsync("Bad");
        await department.GetByLabel("French name").FillAsync("Mauvais");
        await department.GetByRole(AriaRole.Button, new() { Name = "Add department" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "lower-case letters" })).ToBeVisibleAsync();

        var user = page.GetByRole(AriaRole.Form, new() { Name = "Add a user" });
        await user.GetByLabel("Username", new() { Exact = true }).FillAsync("supervisor");
        await user.GetByLabel("Password").FillAsync("another-dev-only-2026");
        await user.GetByLabel("Role", new() { Exact = true }).SelectOptionAsync("supervisor");
        await user.GetByRole(AriaRole.Button, new() { Name = "Add user" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "'supervisor' is taken" })).ToBeVisibleAsync();

        Assert.Equal(departmentsBefore, (await admin.GetJsonAsync("/api/department")).GetArrayLength());
        Assert.Equal(usersBefore, (await admin.GetJsonAsync("/api/user")).GetArrayLength());
        await Expect(department.GetByLabel("Slug")).ToHaveValueAsync("Bad Slug!"); // kept for correction
    }

    [Fact]
    public async Task AdminPage_WithItsForms_HasNoSeriousAccessibilityViolation()
    {
        var page = await fixture.SignInAsync(DevUsers.Admin, "/console/admin");
        await Expect(page.GetByRole(AriaRole.Form, new() { Name = "Add a user" })).ToBeVisibleAsync();

        var result = await page.RunAxe();

        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join(", ", v.Nodes.Select(n => string.Join(" ", n.Target)))}").ToList();
        Assert.True(serious.Count == 0, string.Join(Environment.NewLine, serious));
    }
}
