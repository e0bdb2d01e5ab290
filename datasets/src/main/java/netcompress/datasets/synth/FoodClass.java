package netcompress.datasets.synth;

/** The eleven food-11 categories, in folder order (00..10). */
public enum FoodClass {
    BREAD("Bread"),
    DAIRY("Dairy product"),
    EGG("Egg"),
    FRIED("Fried food"),
    MEAT("Meat"),
    NOODLES("Noodles/Pasta"),
    RICE("Rice"),
    SEAFOOD("Seafood"),
    SOUP("Soup"),
    VEGETABLE_FRUIT("Vegetable/Fruit"),
    DESSERT("Dessert");

    public static final int COUNT = 11;

    private final String displayName;

    FoodClass(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }

    public int label() {
        return ordinal();
    }

    public static FoodClass of(int label) {
        if (label < 0 || label >= COUNT) {
            throw new IllegalArgumentException("food-11 label must be 0..10, got " + label);
        }
        return values()[label];
    }
}
