using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Assets;
using WorkflowItsm.Itsm.Assets.Stock;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Web.Assets;

/// <summary>
/// The demo's hardware: five models, two stockrooms, about twenty assets in stock, reserved, in use, in
/// maintenance, retired and missing, and a stock rule on the laptops of the head office. Made through the real
/// services (numbers, audit, assignment history); nothing happens when models are there already.
/// </summary>
internal static class AssetsDemoData
{
    private const string By = "admin";

    public static async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<ItsmDbContext>();
        if (await db.AssetModels.AnyAsync(cancellationToken))
        {
            return;
        }

        var today = DateOnly.FromDateTime(services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
        var models = services.GetRequiredService<AssetModels>();
        var laptop = await models.CreateAsync(new AssetModelInput("Dell", "Latitude 7440", AssetCategory.Laptop, 1200m, 36), cancellationToken);
        var monitor = await models.CreateAsync(new AssetModelInput("Dell", "P2723DE", AssetCategory.Monitor, 320m, 60), cancellationToken);
        var phone = await models.CreateAsync(new AssetModelInput("Apple", "iPhone 15", AssetCategory.Phone, 850m, 24), cancellationToken);
        var server = await models.CreateAsync(new AssetModelInput("HPE", "ProLiant DL380 Gen11", AssetCategory.Server, 9800m, 60), cancellationToken);
        await models.CreateAsync(new AssetModelInput("Lenovo", "ThinkPad X1 Carbon", AssetCategory.Laptop, 1650m, 36), cancellationToken);

        var stock = services.GetRequiredService<StockAdmin>();
        var headOffice = await stock.CreateStockroomAsync(new StockroomInput("Head office IT store", "Berlin, floor 2"), cancellationToken);
        var branch = await stock.CreateStockroomAsync(new StockroomInput("Branch store", "Munich"), cancellationToken);

        var people = await db.Users.AsNoTracking().Select(u => u.UserName!).Where(n => new[] { "rita", "sam", "tom", "una", "victor", "ana", "ben" }.Contains(n))
            .ToListAsync(cancellationToken);
        string? Person(int i) => people.Count == 0 ? null : people[i % people.Count];

        var assets = services.GetRequiredService<AssetService>();
        var serial = 0;
        async Task<Asset> AddAsync(AssetModelView model, AssetState state, AssetSubstate? substate, int? stockroom, string? person, int ageMonths, string? location = null)
        {
            serial++;
            var purchased = today.AddMonths(-ageMonths);
            return await assets.CreateAsync(new NewAsset
            {
                ModelId = model.Id, SerialNumber = $"{model.Manufacturer[..2].ToUpperInvariant()}{purchased:yyMM}{serial:D4}", AssetTag = $"IT-{1000 + serial}",
                State = state, Substate = substate, StockroomId = stockroom, AssignedPerson = state is AssetState.InUse or AssetState.InMaintenance ? person : null,
                Location = location, OrderNumber = $"PO-{purchased:yyyy}-{100 + serial}", Supplier = model.Manufacturer == "Apple" ? "Mobile Store GmbH" : "Bechtle",
                PurchaseDate = purchased, Cost = model.UnitCost, WarrantyEnd = purchased.AddMonths(model.Category == AssetCategory.Phone ? 24 : 36),
                DepreciationMethod = model.Category == AssetCategory.Server ? DepreciationMethod.DecliningBalance : DepreciationMethod.StraightLine,
            }, By, cancellationToken);
        }

        for (var i = 0; i < 4; i++)
        {
            await AddAsync(laptop, AssetState.InStock, AssetSubstate.Available, headOffice.Id, null, 1);
        }

        var reserved = await AddAsync(laptop, AssetState.InStock, AssetSubstate.Available, headOffice.Id, null, 1);
        for (var i = 0; i < 2; i++)
        {
            await AddAsync(monitor, AssetState.InStock, AssetSubstate.Available, branch.Id, null, 4);
        }

        await AddAsync(monitor, AssetState.InStock, AssetSubstate.Defective, branch.Id, null, 20);
        for (var i = 0; i < 6; i++)
        {
            // Bought over the last three years: some warranties end within the next months.
            await AddAsync(i % 2 == 0 ? laptop : phone, AssetState.InUse, null, null, Person(i), 6 + (i * 5), i % 2 == 0 ? "Berlin" : "Munich");
        }

        await AddAsync(monitor, AssetState.InUse, null, null, Person(2), 10, "Berlin");
        await AddAsync(server, AssetState.InUse, null, null, Person(5), 14, "Data centre Frankfurt");
        await AddAsync(laptop, AssetState.InMaintenance, null, null, Person(3), 18, "Repair centre");
        await AddAsync(laptop, AssetState.OnOrder, null, null, null, 0);
        await AddAsync(phone, AssetState.InTransit, null, null, null, 0);
        await AddAsync(laptop, AssetState.Retired, AssetSubstate.Disposed, null, null, 40);
        await AddAsync(phone, AssetState.Missing, AssetSubstate.Lost, null, null, 12);

        // A reservation for a request, and a rule that raises a restock order once head-office laptops run low (it does: 4 left of a threshold of 5).
        await assets.ReserveAsync(reserved.Number, "RITM0001001", By, cancellationToken);
        await stock.SaveRuleAsync(new StockRuleInput(laptop.Id, headOffice.Id, 5, 10), cancellationToken);
    }
}
