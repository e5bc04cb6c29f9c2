namespace GitOps.Cli.Demo;

/// <summary>One step of <c>gitops demo</c>. Each capability adds its step to <see cref="DemoPipeline"/>.</summary>
internal interface IDemoStep
{
    /// <summary>A short title printed before the step runs.</summary>
    string Title { get; }

    /// <summary>Runs the step, printing what it did to <see cref="DemoContext.Output"/>.</summary>
    Task RunAsync(DemoContext context, CancellationToken cancellationToken);
}
