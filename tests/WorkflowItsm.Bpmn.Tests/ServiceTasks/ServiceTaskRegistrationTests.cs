using Microsoft.Extensions.DependencyInjection;
using WorkflowItsm.Bpmn.Expressions;
using WorkflowItsm.Bpmn.ServiceTasks;

namespace WorkflowItsm.Bpmn.Tests.ServiceTasks;

public sealed class ServiceTaskRegistrationTests
{
    private static ServiceProvider BuildProvider(Action<IServiceCollection>? extra = null)
    {
        var services = new ServiceCollection();
        services.AddScoped<UnitOfWork>();
        services.AddKeyedSingleton<TimeProvider>("keyed services must not confuse the scan", TimeProvider.System);
        services.AddBpmnEngine(typeof(ServiceTaskRegistrationTests).Assembly);
        extra?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    [Fact]
    public void Scanning_finds_the_attributed_public_handlers_only()
    {
        using var provider = BuildProvider();
        using var scope = provider.CreateScope();

        var registry = scope.ServiceProvider.GetRequiredService<IServiceTaskRegistry>();

        registry.Handlers.Select(h => h.Name).Should().Equal("incident.classify", "notification.send");
        registry.Handlers.Select(h => h.HandlerType).Should().NotContain(typeof(UnnamedHandler));
    }

    [Fact]
    public void A_handler_resolves_with_its_scoped_dependencies_per_scope()
    {
        using var provider = BuildProvider();
        using var first = provider.CreateScope();
        using var second = provider.CreateScope();

        first.ServiceProvider.GetRequiredService<IServiceTaskRegistry>().TryGet("incident.classify", out var a).Should().BeTrue();
        first.ServiceProvider.GetRequiredService<IServiceTaskRegistry>().TryGet("incident.classify", out var sameScope).Should().BeTrue();
        second.ServiceProvider.GetRequiredService<IServiceTaskRegistry>().TryGet("incident.classify", out var b).Should().BeTrue();

        var unitOfWork = first.ServiceProvider.GetRequiredService<UnitOfWork>();
        a.Should().BeOfType<ClassifyIncidentHandler>().Which.UnitOfWork.Should().BeSameAs(unitOfWork);
        sameScope.Should().BeSameAs(a);
        ((ClassifyIncidentHandler)b!).UnitOfWork.Should().NotBeSameAs(unitOfWork);
    }

    [Fact]
    public async Task A_resolved_handler_runs()
    {
        using var provider = BuildProvider();
        await using var scope = provider.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<IServiceTaskRegistry>().TryGet("incident.classify", out var handler).Should().BeTrue();

        var result = await handler!.ExecuteAsync(
            new ServiceTaskContext("pi-1", null, "classify", new Dictionary<string, object?>(), new Dictionary<string, object?>()),
            TestContext.Current.CancellationToken);

        result.Outputs.Should().Contain("priority", 2L);
    }

    [Fact]
    public void An_unknown_name_is_not_found()
    {
        using var provider = BuildProvider();
        using var scope = provider.CreateScope();

        scope.ServiceProvider.GetRequiredService<IServiceTaskRegistry>().TryGet("no.such.task", out var handler).Should().BeFalse();
        handler.Should().BeNull();
    }

    [Fact]
    public void A_duplicate_name_fails_at_registration_naming_both_classes()
    {
        var act = () => BuildProvider(s => s.AddServiceTaskHandler<ClashingNotificationHandler>());

        act.Should().Throw<InvalidOperationException>()
            .WithMessage($"The service task name 'notification.send' is used by both {typeof(SendNotificationHandler).FullName} and {typeof(ClashingNotificationHandler).FullName}");
    }

    [Fact]
    public void Registering_the_same_assembly_or_class_twice_is_harmless()
    {
        var services = new ServiceCollection();
        services.AddScoped<UnitOfWork>();
        services.AddBpmnEngine(typeof(ServiceTaskRegistrationTests).Assembly);
        services.AddBpmnEngine(typeof(ServiceTaskRegistrationTests).Assembly);
        services.AddServiceTaskHandler<SendNotificationHandler>();
        using var provider = services.BuildServiceProvider();
        using var scope = provider.CreateScope();

        scope.ServiceProvider.GetRequiredService<IServiceTaskRegistry>().Handlers.Should().HaveCount(2);
        services.Count(d => d.ServiceType == typeof(SendNotificationHandler)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(IScriptEngine)).Should().Be(1);
    }

    [Fact]
    public void A_handler_the_host_registered_itself_keeps_its_lifetime_and_is_catalogued()
    {
        var services = new ServiceCollection();
        services.AddTransient<SendNotificationHandler>();
        services.AddScoped<UnitOfWork>();
        services.AddBpmnEngine(typeof(ServiceTaskRegistrationTests).Assembly);
        using var provider = services.BuildServiceProvider();
        using var scope = provider.CreateScope();
        var registry = scope.ServiceProvider.GetRequiredService<IServiceTaskRegistry>();

        registry.TryGet("notification.send", out var first).Should().BeTrue();
        registry.TryGet("notification.send", out var second).Should().BeTrue();

        first.Should().NotBeSameAs(second, "the host registered it transient");
        services.Single(d => d.ServiceType == typeof(SendNotificationHandler)).Lifetime.Should().Be(ServiceLifetime.Transient);
    }

    [Fact]
    public void An_enum_input_without_choices_is_refused() =>
        FluentActions.Invoking(() => new ServiceCollection().AddServiceTaskHandler<EnumWithoutChoicesHandler>())
            .Should().Throw<InvalidOperationException>().WithMessage("*'level' is an Enum without Choices");

    [Fact]
    public void A_repeated_input_name_is_refused() =>
        FluentActions.Invoking(() => new ServiceCollection().AddServiceTaskHandler<DuplicateInputHandler>())
            .Should().Throw<InvalidOperationException>().WithMessage("*declares the input 'a' more than once");

    [Fact]
    public void A_class_without_the_attribute_is_refused() =>
        FluentActions.Invoking(() => new ServiceCollection().AddServiceTaskHandler<UnnamedHandler>())
            .Should().Throw<InvalidOperationException>().WithMessage("*has no [ServiceTask(\"name\")] attribute");

    [Fact]
    public void The_script_engine_and_clock_are_registered_and_the_sandbox_configurable()
    {
        var services = new ServiceCollection();
        services.AddBpmnEngine(o => o.MaxStatements = 50);
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<TimeProvider>().Should().BeSameAs(TimeProvider.System);
        var engine = provider.GetRequiredService<IScriptEngine>();
        engine.Should().BeOfType<JintScriptEngine>().And.BeSameAs(provider.GetRequiredService<IScriptEngine>());
        var act = () => engine.Run("for (var i = 0; i < 100; i++) {}", new Expressions.DictionaryVariableScope());
        act.Should().Throw<ScriptFailedException>().WithMessage("*statement limit of 50*");
    }

    [Fact]
    public void A_clock_registered_before_is_kept()
    {
        var services = new ServiceCollection();
        var clock = new FixedClock();
        services.AddSingleton<TimeProvider>(clock);
        services.AddBpmnEngine();
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<TimeProvider>().Should().BeSameAs(clock);
    }

    private sealed class FixedClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    }
}
