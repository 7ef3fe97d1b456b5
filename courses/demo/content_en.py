"""The English demo: the home page, the catalogue and the tracks (the courses are Chinese and
Tibetan only, and are listed in the English tree with their own titles)."""

HOME = {
    "title": "Eagle programme",
    "intro": (
        "Ganzi Prefecture's Eagle programme for e-commerce talent: learn on your phone how to "
        "open an online shop, sell by livestream, and pack and ship produce by cold chain."
    ),
    "search_description": (
        "Ganzi's Eagle e-commerce training on your phone: online shops, livestream selling, "
        "packaging and cold-chain shipping of local produce; pass the quizzes to earn a "
        "certificate."
    ),
}

CATALOGUE = {
    "title": "Courses",
    "intro": (
        "Find courses by track, level and language. Every course can be taken on a phone and "
        "has short quizzes to check what you have learnt."
    ),
    "search_description": (
        "All e-commerce courses of the Eagle programme: shop operation, livestreaming and "
        "content marketing, packaging and logistics."
    ),
}

# The tracks, by the slug of the Chinese track.
TRACKS = {
    "shop-operation": {
        "title": "Shop operation",
        "intro": (
            "Open an online shop on Taobao, JD and the 832 platform, work out your costs, set "
            "your prices, and look after your customers before and after the sale."
        ),
        "search_description": (
            "Opening and running an online shop: Taobao, JD and the 832 platform, costs and "
            "pricing, customer service and after-sales."
        ),
    },
    "livestream-and-content": {
        "title": "Livestreaming and content marketing",
        "intro": (
            "Take good pictures of your products and your home valley with a phone, and sell "
            "Ganzi's best produce on Douyin, Kuaishou and Taobao Live."
        ),
        "search_description": (
            "Photographing farm produce, selling by livestream, and short videos."
        ),
    },
    "packaging-and-logistics": {
        "title": "Packaging and logistics",
        "intro": (
            "Cold-chain shipping of matsutake, and packing and posting yak meat, highland "
            "barley, Sichuan pepper, apples and handicrafts."
        ),
        "search_description": (
            "Cold-chain shipping of matsutake, and packing local specialities for courier delivery."
        ),
    },
}
