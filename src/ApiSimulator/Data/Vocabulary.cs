namespace Lakehouse.ApiSimulator.Data;

/// <summary>One product category of the synthetic catalogue, with DummyJSON's slug.</summary>
/// <param name="Slug">DummyJSON's category slug.</param>
/// <param name="Weight">Relative share of products (roughly DummyJSON's own mix).</param>
/// <param name="Brands">Brands; empty means products carry no brand (as DummyJSON's groceries).</param>
/// <param name="Items">Product nouns that a title is built from.</param>
/// <param name="MinPrice">Lowest list price in dollars.</param>
/// <param name="MaxPrice">Highest list price in dollars (prices are log-uniform in between).</param>
internal sealed record CategoryProfile(
    string Slug, int Weight, string[] Brands, string[] Items, double MinPrice, double MaxPrice)
{
    public string Code { get; } = Slug[..3].ToUpperInvariant();

    /// <summary>The product tag taken from the slug's last word ("home-decoration" gives "decoration").</summary>
    public string Tag { get; } = Slug.Split('-')[^1];
}

/// <summary>Word lists for synthetic records. Values are invented; only the shapes follow DummyJSON.</summary>
internal static class Vocabulary
{
    public static readonly CategoryProfile[] Categories =
    [
        new("beauty", 5, ["Essence", "Glamour Beauty", "Velvet Touch", "Chic Cosmetics", "Nail Couture"], ["Mascara", "Eyeshadow Palette", "Powder Canister", "Red Lipstick", "Nail Polish"], 4, 40),
        new("fragrances", 5, ["Calvin Klein", "Chanel", "Dior", "Dolce & Gabbana", "Gucci"], ["Eau de Parfum", "Eau de Toilette", "Body Mist", "Cologne"], 30, 180),
        new("furniture", 5, ["Annibale Colombo", "Furniture Co.", "Knoll", "Bath Trends"], ["Bed", "Sofa", "Bedside Table", "Office Chair", "Bathtub"], 80, 2500),
        new("groceries", 27, [], ["Apple", "Beef Steak", "Cat Food", "Chicken Meat", "Cooking Oil", "Cucumber", "Dog Food", "Eggs", "Fish Steak", "Green Bell Pepper", "Honey Jar", "Ice Cream", "Juice", "Kiwi", "Lemon", "Milk", "Mulberry", "Nescafe Coffee", "Potatoes", "Protein Powder", "Rice", "Soft Drinks", "Strawberry", "Tissue Paper", "Water"], 0.79, 60),
        new("home-decoration", 5, [], ["Decoration Swing", "Family Tree Photo Frame", "House Showpiece Plant", "Plant Pot", "Table Lamp"], 10, 80),
        new("kitchen-accessories", 30, [], ["Bamboo Spatula", "Black Aluminium Cup", "Black Whisk", "Boxed Blender", "Carbon Steel Wok", "Chopping Board", "Citrus Squeezer", "Egg Slicer", "Fine Mesh Strainer", "Glass", "Ice Cube Tray", "Kitchen Sieve", "Knife", "Microwave Oven", "Pan", "Plate", "Red Tongs", "Silver Pot With Glass Cap", "Spice Rack", "Tray", "Wooden Rolling Pin"], 3, 120),
        new("laptops", 5, ["Apple", "Asus", "Huawei", "Lenovo", "Dell"], ["MacBook Pro", "Zenbook", "Matebook", "Yoga", "XPS"], 900, 2600),
        new("mens-shirts", 5, ["Fashion Trends", "Gigabyte", "Classic Wear", "Casual Comfort"], ["Blue & Black Check Shirt", "Gigabyte Aorus Men Tshirt", "Man Plaid Shirt", "Man Short Sleeve Shirt"], 15, 60),
        new("mens-shoes", 5, ["Nike", "Puma", "Off White", "Fashion Timepieces"], ["Air Jordan", "Running Shoes", "Sports Sneakers", "Court Trainers"], 40, 250),
        new("mens-watches", 6, ["Brown Leather Belt", "Longines", "Rolex", "Fashion Timepieces"], ["Chronograph", "Master Collection", "Cellini Moonphase", "Datejust", "Submariner Watch"], 80, 16000),
        new("mobile-accessories", 14, ["Apple", "Amazon", "Beats", "TechGear", "GadgetMaster", "ProVision"], ["AirPods", "Charger SteelSeries", "Earphones", "Magsafe Battery Pack", "Selfie Lamp", "Selfie Stick Monopod", "TV Studio Camera Pedestal", "Wireless Earbuds"], 5, 550),
        new("motorcycle", 5, ["Generic Motors", "Kawasaki", "MotoGP", "ScootMaster", "SpeedMaster"], ["Generic Motorcycle", "Ninja", "Racing Bike", "Scooter", "Sportbike"], 3000, 20000),
        new("skin-care", 3, ["Olay", "Vaseline", "The Ordinary"], ["Body Lotion", "Face Wash", "Moisturizer"], 8, 40),
        new("smartphones", 16, ["Apple", "Oppo", "Realme", "Samsung", "Vivo"], ["iPhone", "A57", "F19", "C35", "Galaxy S10", "Galaxy S8", "X21", "Y11"], 99, 1500),
        new("sports-accessories", 17, ["Sportify", "Puma"], ["American Football", "Baseball Ball", "Baseball Glove", "Basketball", "Cricket Bat", "Football", "Golf Ball", "Iron Golf", "Metal Bat", "Tennis Ball", "Tennis Racket", "Volleyball"], 5, 80),
        new("sunglasses", 5, ["Fashion Shades", "Fashion Fun"], ["Black Sun Glasses", "Classic Sun Glasses", "Green and Black Glasses", "Party Glasses"], 15, 60),
        new("tablets", 3, ["Apple", "Samsung"], ["iPad Mini", "Galaxy Tab S8 Plus", "Galaxy Tab White"], 350, 1100),
        new("tops", 5, ["Fashion Trends", "Urban Chic"], ["Blue Frock", "Girl Summer Dress", "Gray Dress", "Short Frock", "Tartan Dress"], 20, 60),
        new("vehicle", 5, ["Chrysler", "Dodge", "Ford", "Tesla"], ["Pacifica Touring", "Charger SXT RWD", "Hemi Charger", "Durango SXT RWD", "Model 3"], 20000, 80000),
        new("womens-bags", 5, ["Prada", "Gucci", "Heshe", "Fashion Accessories"], ["Blue Women's Handbag", "Heshe Women's Leather Bag", "Prada Women Bag", "White Faux Leather Backpack", "Women Handbag Black"], 40, 700),
        new("womens-dresses", 5, ["Dress Co.", "Fashion Trends"], ["Black Women's Gown", "Corset Leather With Skirt", "Dress Pea", "Marni Red & Black Suit"], 60, 200),
        new("womens-jewellery", 3, ["Fashion Jewellery", "Bee Jewellery"], ["Green Crystal Earring", "Green Oval Earring", "Tropical Earring"], 10, 40),
        new("womens-shoes", 5, ["Calvin Klein", "Pampi", "Fashion Diva"], ["Black & Brown Slipper", "Calvin Klein Heel Shoes", "Golden Shoes Woman", "Pampi Shoes", "Red Shoes"], 20, 90),
        new("womens-watches", 5, ["IWC", "Fashion Timepieces", "Rolex"], ["Ingenieur Automatic Steel Watch", "Rolex Cellini Moonphase", "Rolex Datejust Women", "Watch Gold for Women", "Women's Wrist Watch"], 40, 11000),
    ];

    /// <summary>Cumulative category weights, for one draw per product.</summary>
    public static readonly int[] CumulativeCategoryWeights = Cumulative(Categories.Select(c => c.Weight));

    public static readonly string[] Models = ["", "", "", " Pro", " Plus", " Lite", " Max", " Mini", " II", " X"];

    public static readonly string[] Adjectives = ["premium", "popular", "durable", "stylish", "lightweight", "versatile", "classic", "compact", "elegant", "reliable"];

    public static readonly string[] Benefits = ["everyday use", "long-lasting comfort", "great value", "a modern look", "outstanding performance", "easy care", "gifting"];

    public static readonly string[] Warranties = ["1 week warranty", "1 month warranty", "3 months warranty", "6 months warranty", "1 year warranty", "2 year warranty", "3 year warranty", "5 year warranty", "Lifetime warranty", "No warranty"];

    public static readonly string[] Shipping = ["Ships overnight", "Ships in 1-2 business days", "Ships in 3-5 business days", "Ships in 1 week", "Ships in 2 weeks", "Ships in 1 month"];

    public static readonly string[] ReturnPolicies = ["No return policy", "7 days return policy", "30 days return policy", "60 days return policy", "90 days return policy"];

    public static readonly string[] ReviewComments = ["Highly impressed!", "Very satisfied!", "Would buy again!", "Excellent quality!", "Great product!", "Fast shipping!", "Very happy with my purchase!", "Awesome product!", "Not as described!", "Poor quality!", "Would not recommend!", "Disappointing product!", "Very disappointed!", "Waste of money!"];

    public static readonly string[] FemaleFirstNames = ["Emily", "Sophia", "Olivia", "Emma", "Ava", "Isabella", "Mia", "Charlotte", "Amelia", "Harper", "Evelyn", "Abigail", "Ella", "Scarlett", "Grace", "Chloe", "Victoria", "Madison", "Lily", "Zoe", "Nora", "Hannah", "Aria", "Layla", "Leah", "Aurora", "Savannah", "Stella", "Lucy", "Eleanor"];

    public static readonly string[] FemaleFirstNamesLower = [.. FemaleFirstNames.Select(n => n.ToLowerInvariant())];

    public static readonly string[] MaleFirstNames = ["Michael", "James", "Alexander", "William", "Liam", "Benjamin", "Lucas", "Henry", "Daniel", "Matthew", "Jackson", "Logan", "David", "Oliver", "Elijah", "Samuel", "Joseph", "Gabriel", "Carter", "Owen", "Wyatt", "Jack", "Luke", "Isaac", "Nathan", "Caleb", "Ryan", "Adrian", "Christopher", "Aiden"];

    public static readonly string[] LastNames = ["Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts", "Collins", "Gordon", "Cruz"];

    public static readonly string[] LastNamesLower = [.. LastNames.Select(n => n.ToLowerInvariant())];

    public static readonly string[] BloodGroups = ["A+", "A-", "B+", "B-", "AB+", "AB-", "O+", "O-"];

    public static readonly string[] EyeColors = ["Green", "Brown", "Blue", "Gray", "Hazel", "Amber", "Violet", "Red"];

    public static readonly string[] HairColors = ["Brown", "Black", "Blonde", "Red", "Gray", "White", "Auburn", "Chestnut", "Green", "Purple", "Blue"];

    public static readonly string[] HairTypes = ["Curly", "Straight", "Wavy", "Kinky"];

    public static readonly string[] Streets = ["Main Street", "Fifth Street", "Oak Street", "Pine Street", "Maple Street", "Cedar Street", "Elm Street", "Washington Street", "Lincoln Street", "Park Avenue", "Second Street", "Tenth Street", "Sixth Street", "Ninth Street", "Lake Street"];

    public static readonly string[] Cities = ["Phoenix", "Houston", "Washington", "Seattle", "Jacksonville", "San Antonio", "Dallas", "New York", "Los Angeles", "Chicago", "Philadelphia", "San Diego", "Fort Worth", "Columbus", "Denver", "Indianapolis", "Charlotte", "San Francisco", "Austin", "Nashville"];

    public static readonly (string Name, string Code)[] States = [("Alabama", "AL"), ("Alaska", "AK"), ("Arizona", "AZ"), ("California", "CA"), ("Colorado", "CO"), ("Florida", "FL"), ("Georgia", "GA"), ("Illinois", "IL"), ("Kansas", "KS"), ("Michigan", "MI"), ("Mississippi", "MS"), ("Nevada", "NV"), ("New York", "NY"), ("Ohio", "OH"), ("Oregon", "OR"), ("Pennsylvania", "PA"), ("Tennessee", "TN"), ("Texas", "TX"), ("Washington", "WA"), ("Wisconsin", "WI")];

    public static readonly string[] Universities = ["University of Wisconsin--Madison", "Ohio State University", "Pepperdine University", "University of Southern California", "Stanford University", "Harvard University", "University of Michigan", "Northwestern University", "Duke University", "Columbia University", "Pennsylvania State University", "University of Texas at Austin"];

    public static readonly string[] CardTypes = ["Visa", "Mastercard", "American Express", "Discover", "JCB", "Diners Club International", "Maestro", "UnionPay"];

    public static readonly string[] Currencies = ["USD", "EUR", "GBP", "JPY", "CAD", "AUD", "CHF", "CNY", "INR", "BRL"];

    public static readonly string[] Departments = ["Engineering", "Support", "Research and Development", "Human Resources", "Product Management", "Marketing", "Services", "Accounting", "Training", "Legal", "Sales", "Business Development"];

    public static readonly string[] JobTitles = ["Sales Manager", "Support Specialist", "Research Analyst", "Web Developer", "Accountant", "Product Manager", "Marketing Manager", "Software Engineer", "Data Analyst", "Operations Manager", "Quality Assurance Engineer", "Business Analyst"];

    public static readonly string[] CompanySuffixes = ["Inc", "LLC", "Group", "and Sons", "Ltd"];

    public static readonly string[] UserAgents =
    [
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/96.0.4664.93 Safari/537.36",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/58.0.3029.110 Safari/537.36",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/91.0.4472.124 Safari/537.36",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 14_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/14.1.1 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:89.0) Gecko/20100101 Firefox/89.0",
    ];

    public static readonly string[] Coins = ["Bitcoin", "Ethereum", "Litecoin", "Cardano"];

    public static readonly string[] CryptoNetworks = ["Ethereum (ERC20)", "Bitcoin", "Binance Smart Chain (BEP20)", "Solana"];

    private static int[] Cumulative(IEnumerable<int> weights)
    {
        var total = 0;
        return weights.Select(w => total += w).ToArray();
    }
}
