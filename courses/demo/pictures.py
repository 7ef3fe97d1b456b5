"""Demo pictures drawn with Pillow: simple shapes and gradients, one scene each."""

import io
import math
import random

from PIL import Image as PILImage
from PIL import ImageDraw, ImageFilter

WIDTH, HEIGHT = 960, 540


def _gradient(draw, box, top, bottom):
    x0, y0, x1, y1 = box
    span = max(y1 - y0, 1)
    for y in range(y0, y1):
        share = (y - y0) / span
        colour = tuple(int(a + (b - a) * share) for a, b in zip(top, bottom, strict=True))
        draw.line([(x0, y), (x1, y)], fill=colour)


def _jitter(rng, colour, amount=18):
    return tuple(max(0, min(255, c + rng.randint(-amount, amount))) for c in colour)


def _mountains(draw, rng, *, base, height, colour, snow=True, step=80):
    points = [(0, HEIGHT)]
    peaks = []
    for x in range(-step, WIDTH + step * 2, step):
        y = base - rng.randint(0, height)
        points.append((x, y))
        peaks.append((x, y))
    points.append((WIDTH, HEIGHT))
    draw.polygon(points, fill=colour)
    if snow:
        for x, y in peaks:
            if y < base - height * 0.6:
                draw.polygon([(x, y), (x - 26, y + 30), (x + 26, y + 30)], fill=(245, 248, 252))


def _sky(draw, rng, *, horizon=HEIGHT):
    top = (rng.randint(40, 90), rng.randint(110, 160), rng.randint(200, 240))
    _gradient(draw, (0, 0, WIDTH, horizon), top, (225, 238, 250))
    sun_x = rng.randint(100, WIDTH - 100)
    draw.ellipse([sun_x - 36, 40, sun_x + 36, 112], fill=(255, 244, 200))
    for _ in range(rng.randint(2, 4)):
        cx, cy = rng.randint(0, WIDTH), rng.randint(40, 180)
        for dx in (-40, 0, 40):
            draw.ellipse([cx + dx - 45, cy - 22, cx + dx + 45, cy + 22], fill=(250, 252, 255))


def _mushroom(draw, x, y, size, rng):
    cap = _jitter(rng, (128, 84, 50), 20)
    stem = _jitter(rng, (236, 226, 204), 8)
    draw.rounded_rectangle(
        [x - size * 0.28, y - size * 0.2, x + size * 0.28, y + size * 1.1],
        radius=int(size * 0.2),
        fill=stem,
    )
    draw.chord([x - size * 0.6, y - size * 0.7, x + size * 0.6, y + size * 0.5], 180, 360, fill=cap)
    for _ in range(4):
        sx = x + rng.uniform(-size * 0.35, size * 0.35)
        sy = y - rng.uniform(size * 0.05, size * 0.45)
        draw.line([(sx, sy), (sx + size * 0.12, sy + size * 0.04)], fill=(90, 58, 36), width=2)


def draw_matsutake(rng):
    """Fresh matsutake on a wooden table, some on a green leaf."""
    image = PILImage.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    _gradient(draw, (0, 0, WIDTH, 200), (238, 232, 220), (214, 204, 186))
    wood = _jitter(rng, (150, 102, 62), 12)
    _gradient(draw, (0, 200, WIDTH, HEIGHT), wood, tuple(c - 50 for c in wood))
    for y in range(215, HEIGHT, 46):
        draw.line(
            [(0, y), (WIDTH, y + rng.randint(-6, 6))], fill=tuple(c - 40 for c in wood), width=3
        )
    leaf_x = rng.randint(200, 520)
    draw.ellipse([leaf_x - 210, 300, leaf_x + 210, 470], fill=(72, 130, 64))
    draw.line([(leaf_x - 200, 385), (leaf_x + 200, 385)], fill=(52, 100, 48), width=4)
    for i in range(rng.randint(4, 7)):
        x = leaf_x - 150 + i * 70 + rng.randint(-10, 10)
        _mushroom(draw, x, 330 + rng.randint(-15, 20), rng.randint(50, 72), rng)
    for i in range(2):
        _mushroom(draw, 720 + i * 110, 300 + rng.randint(-20, 40), rng.randint(60, 85), rng)
    return image


def _yak(draw, x, y, scale, rng):
    body = _jitter(rng, (42, 34, 30), 10)
    s = scale
    for leg in (-0.8, -0.45, 0.4, 0.75):
        draw.rectangle(
            [x + leg * 100 * s, y + 20 * s, x + (leg * 100 + 16) * s, y + 95 * s], fill=body
        )
    draw.ellipse([x - 110 * s, y - 60 * s, x + 110 * s, y + 50 * s], fill=body)
    # long hair hanging under the belly
    draw.polygon(
        [(x - 100 * s, y + 10 * s), (x + 100 * s, y + 10 * s), (x + 80 * s, y + 60 * s),
         (x - 85 * s, y + 62 * s)],
        fill=tuple(c - 10 for c in body),
    )  # fmt: skip
    draw.ellipse([x + 80 * s, y - 50 * s, x + 150 * s, y + 10 * s], fill=body)
    draw.arc(
        [x + 70 * s, y - 85 * s, x + 115 * s, y - 35 * s],
        180,
        300,
        fill=(235, 230, 215),
        width=int(6 * s) or 1,
    )
    draw.arc(
        [x + 120 * s, y - 85 * s, x + 165 * s, y - 35 * s],
        240,
        360,
        fill=(235, 230, 215),
        width=int(6 * s) or 1,
    )
    draw.ellipse([x + 128 * s, y - 30 * s, x + 136 * s, y - 22 * s], fill=(230, 230, 230))


def draw_yak(rng):
    """Yaks grazing on grassland under snow mountains."""
    image = PILImage.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    _sky(draw, rng, horizon=300)
    _mountains(draw, rng, base=300, height=150, colour=(110, 120, 140))
    _gradient(draw, (0, 290, WIDTH, HEIGHT), _jitter(rng, (120, 170, 80)), (70, 120, 50))
    for _ in range(60):
        fx, fy = rng.randint(0, WIDTH), rng.randint(320, HEIGHT)
        draw.ellipse(
            [fx - 3, fy - 3, fx + 3, fy + 3],
            fill=rng.choice([(250, 220, 60), (240, 240, 250), (200, 90, 160)]),
        )
    for i in range(rng.randint(2, 3)):
        _yak(
            draw,
            180 + i * 280 + rng.randint(-40, 40),
            380 + rng.randint(-20, 40),
            rng.uniform(0.7, 1.05),
            rng,
        )
    return image


def _phone(draw, x, y, w, h):
    draw.rounded_rectangle([x - 8, y - 8, x + w + 8, y + h + 8], radius=36, fill=(24, 24, 28))
    draw.rounded_rectangle([x, y, x + w, y + h], radius=28, fill=(250, 250, 250))
    return (x, y, x + w, y + h)


def draw_livestream(rng):
    """A phone on a stand showing a livestream: presenter, product, likes and comments."""
    image = PILImage.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    _gradient(draw, (0, 0, WIDTH, HEIGHT), _jitter(rng, (60, 50, 80)), (20, 18, 30))
    x, y, w, h = 360 + rng.randint(-120, 120), 30, 250, 480
    screen = _phone(draw, x, y, w, h)
    _gradient(
        draw,
        (screen[0] + 4, screen[1] + 24, screen[2] - 4, screen[3] - 24),
        _jitter(rng, (250, 210, 170)),
        (200, 140, 110),
    )
    cx = x + w // 2
    draw.ellipse([cx - 40, y + 110, cx + 40, y + 190], fill=(232, 190, 150))
    draw.chord([cx - 46, y + 100, cx + 46, y + 170], 180, 360, fill=(30, 26, 24))
    draw.rounded_rectangle(
        [cx - 80, y + 195, cx + 80, y + 360], radius=40, fill=_jitter(rng, (170, 40, 50), 30)
    )
    draw.rectangle([x + 40, y + 300, x + w - 40, y + 350], fill=(240, 236, 225))
    for i in range(4):
        _mushroom(draw, x + 65 + i * 40, y + 320, 26, rng)
    draw.rounded_rectangle([x + 14, y + 30, x + 70, y + 54], radius=8, fill=(230, 30, 60))
    draw.text((x + 24, y + 36), "LIVE", fill=(255, 255, 255))
    for i in range(3):
        draw.rounded_rectangle(
            [x + 14, y + 380 + i * 28, x + 150 + rng.randint(-20, 40), y + 402 + i * 28],
            radius=10,
            fill=(0, 0, 0, 80),
        )
    for _ in range(rng.randint(5, 9)):
        hx, hy = x + w - 30 + rng.randint(-15, 15), y + rng.randint(200, 440)
        colour = rng.choice([(255, 80, 120), (255, 170, 60), (255, 255, 255)])
        draw.ellipse([hx - 8, hy - 6, hx, hy + 2], fill=colour)
        draw.ellipse([hx - 1, hy - 6, hx + 7, hy + 2], fill=colour)
        draw.polygon([(hx - 8, hy), (hx + 7, hy), (hx, hy + 9)], fill=colour)
    # the ring light behind the phone
    draw.ellipse([x - 170, y + 40, x - 30, y + 180], outline=(255, 250, 230), width=12)
    draw.line([(x - 100, y + 180), (x - 100, HEIGHT)], fill=(90, 90, 100), width=8)
    return image


def draw_parcel(rng):
    """An open foam box with blue ice packs and matsutake, ready for cold-chain shipping."""
    image = PILImage.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    _gradient(draw, (0, 0, WIDTH, HEIGHT), (228, 224, 216), (176, 168, 156))
    carton = _jitter(rng, (196, 150, 98), 10)
    draw.polygon([(620, 250), (900, 250), (900, 480), (620, 480)], fill=carton)
    draw.polygon(
        [(620, 250), (690, 190), (960, 190), (900, 250)], fill=tuple(c + 20 for c in carton)
    )
    draw.rectangle([745, 250, 775, 480], fill=(222, 200, 150))
    draw.rectangle([650, 300, 760, 360], fill=(255, 255, 255))
    for i in range(4):
        draw.line([(660, 312 + i * 12), (745, 312 + i * 12)], fill=(60, 60, 60), width=3)
    draw.rectangle([110, 170, 570, 480], fill=(246, 246, 244), outline=(200, 200, 200), width=4)
    draw.rectangle([140, 200, 540, 450], fill=(220, 224, 226))
    for i in range(3):
        draw.rounded_rectangle(
            [160 + i * 128, 215, 270 + i * 128, 275],
            radius=12,
            fill=_jitter(rng, (60, 140, 220), 12),
        )
        draw.line([(170 + i * 128, 245), (260 + i * 128, 245)], fill=(150, 200, 250), width=3)
    for i in range(rng.randint(4, 6)):
        _mushroom(draw, 190 + i * 70, 330 + rng.randint(-10, 20), 48, rng)
    draw.rectangle([160, 410, 520, 440], fill=_jitter(rng, (60, 140, 220), 12))
    return image


def _tibetan_house(draw, x, y, scale, rng):
    s = scale
    wall = _jitter(rng, (240, 236, 226), 6)
    draw.polygon(
        [(x, y), (x + 140 * s, y), (x + 130 * s, y - 110 * s), (x + 10 * s, y - 110 * s)], fill=wall
    )
    draw.rectangle([x + 6 * s, y - 124 * s, x + 134 * s, y - 110 * s], fill=(140, 50, 40))
    for wx in (30, 90):
        draw.polygon(
            [(x + (wx - 12) * s, y - 50 * s), (x + (wx + 22) * s, y - 50 * s),
             (x + (wx + 18) * s, y - 84 * s), (x + (wx - 8) * s, y - 84 * s)],
            fill=(30, 30, 30),
        )  # fmt: skip
        draw.rectangle(
            [x + (wx - 4) * s, y - 80 * s, x + (wx + 14) * s, y - 56 * s], fill=(200, 120, 60)
        )
    draw.rectangle([x + 58 * s, y - 40 * s, x + 80 * s, y], fill=(120, 40, 30))


def draw_village(rng):
    """A mountain village: Tibetan houses, prayer flags and a river."""
    image = PILImage.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    _sky(draw, rng, horizon=320)
    _mountains(draw, rng, base=280, height=170, colour=(96, 110, 128))
    _mountains(draw, rng, base=340, height=90, colour=(70, 120, 70), snow=False, step=120)
    _gradient(draw, (0, 360, WIDTH, HEIGHT), (110, 160, 80), (80, 130, 60))
    draw.polygon(
        [(0, 500), (380, 430), (960, 470), (960, 520), (400, 480), (0, 540)], fill=(120, 170, 220)
    )
    for i in range(rng.randint(3, 5)):
        _tibetan_house(
            draw,
            60 + i * 190 + rng.randint(-20, 20),
            440 - rng.randint(0, 40),
            rng.uniform(0.7, 1.0),
            rng,
        )
    colours = [(40, 90, 200), (250, 250, 250), (210, 40, 40), (40, 160, 70), (250, 200, 40)]
    start, end = (rng.randint(0, 200), 230), (rng.randint(700, 960), 300)
    draw.line([start, end], fill=(80, 70, 60), width=2)
    for i in range(18):
        t = i / 18
        fx = start[0] + (end[0] - start[0]) * t
        fy = start[1] + (end[1] - start[1]) * t + math.sin(t * math.pi) * 30
        draw.rectangle([fx, fy, fx + 18, fy + 22], fill=colours[i % len(colours)])
    return image


def draw_shop_phone(rng):
    """A phone showing an online shop: header, banner and a grid of products."""
    image = PILImage.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    _gradient(draw, (0, 0, WIDTH, HEIGHT), _jitter(rng, (235, 225, 205)), (205, 190, 170))
    draw.ellipse([640, 300, 900, 380], fill=(185, 170, 150))
    x, y, w, h = 120 + rng.randint(-40, 60), 30, 250, 480
    _phone(draw, x, y, w, h)
    header = rng.choice([(255, 100, 0), (225, 37, 27), (200, 30, 40)])
    draw.rectangle([x + 2, y + 24, x + w - 2, y + 70], fill=header)
    draw.rounded_rectangle([x + 16, y + 34, x + w - 16, y + 60], radius=12, fill=(255, 255, 255))
    draw.rectangle([x + 10, y + 80, x + w - 10, y + 170], fill=_jitter(rng, (120, 170, 80)))
    for row in range(2):
        for col in range(2):
            cx0 = x + 12 + col * 116
            cy0 = y + 182 + row * 140
            draw.rectangle(
                [cx0, cy0, cx0 + 108, cy0 + 130], fill=(255, 255, 255), outline=(225, 225, 225)
            )
            draw.rectangle(
                [cx0 + 6, cy0 + 6, cx0 + 102, cy0 + 86], fill=_jitter(rng, (240, 236, 225), 10)
            )
            kind = rng.choice(["mushroom", "apple", "meat"])
            if kind == "mushroom":
                _mushroom(draw, cx0 + 54, cy0 + 44, 34, rng)
            elif kind == "apple":
                draw.ellipse(
                    [cx0 + 28, cy0 + 20, cx0 + 80, cy0 + 74], fill=_jitter(rng, (210, 40, 40))
                )
                draw.line([(cx0 + 54, cy0 + 22), (cx0 + 58, cy0 + 12)], fill=(90, 60, 30), width=3)
            else:
                for k in range(3):
                    draw.rounded_rectangle(
                        [cx0 + 20 + k * 24, cy0 + 22, cx0 + 38 + k * 24, cy0 + 76],
                        radius=5,
                        fill=(110, 40, 30),
                    )
            draw.rectangle([cx0 + 6, cy0 + 94, cx0 + 90, cy0 + 102], fill=(90, 90, 90))
            draw.rectangle([cx0 + 6, cy0 + 110, cx0 + 50, cy0 + 120], fill=header)
    # a shop sign and a parcel on the right: selling from the village
    draw.rectangle([520, 120, 880, 300], fill=(250, 248, 240), outline=(180, 170, 150), width=4)
    for i in range(5):
        draw.rectangle([545 + i * 66, 150, 595 + i * 66, 200], fill=_jitter(rng, header, 30))
    draw.rectangle([545, 220, 855, 236], fill=(150, 150, 150))
    draw.rectangle([545, 250, 760, 266], fill=(190, 190, 190))
    return image


def draw_studio(rng):
    """Product photography at home: a white sweep, two soft lights and a camera."""
    image = PILImage.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    _gradient(draw, (0, 0, WIDTH, HEIGHT), (70, 70, 76), (40, 40, 44))
    draw.rectangle([290, 90, 670, 420], fill=(250, 250, 248))
    _gradient(draw, (290, 300, 670, 420), (250, 250, 248), (226, 226, 222))
    for lx in (120, 840):
        draw.polygon(
            [(lx - 70, 80), (lx + 70, 80), (lx + 40, 200), (lx - 40, 200)], fill=(255, 252, 236)
        )
        draw.line([(lx, 200), (lx, 520)], fill=(30, 30, 30), width=6)
        draw.line([(lx, 520), (lx - 50, 540)], fill=(30, 30, 30), width=5)
        draw.line([(lx, 520), (lx + 50, 540)], fill=(30, 30, 30), width=5)
    product = rng.choice(["apple", "jar", "mushroom"])
    if product == "apple":
        for i in range(3):
            cx = 400 + i * 80
            draw.ellipse([cx - 40, 300, cx + 40, 380], fill=_jitter(rng, (205, 35, 40)))
            draw.line([(cx, 302), (cx + 6, 284)], fill=(90, 60, 30), width=4)
    elif product == "jar":
        draw.rounded_rectangle([420, 240, 540, 390], radius=16, fill=_jitter(rng, (210, 160, 60)))
        draw.rectangle([430, 220, 530, 246], fill=(120, 60, 40))
        draw.rectangle([440, 290, 520, 340], fill=(250, 240, 220))
    else:
        for i in range(3):
            _mushroom(draw, 410 + i * 70, 310, 60, rng)
    draw.ellipse([380, 380, 600, 405], fill=(210, 210, 206))
    # camera on a tripod in front
    draw.rounded_rectangle([420, 430, 560, 510], radius=10, fill=(20, 20, 22))
    draw.ellipse([458, 440, 522, 504], fill=(70, 70, 80))
    draw.ellipse([472, 454, 508, 490], fill=(30, 40, 60))
    return image.filter(ImageFilter.SMOOTH)


def draw_chat(rng):
    """Customer service: a phone with a chat between a buyer and the shop."""
    image = PILImage.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    _gradient(draw, (0, 0, WIDTH, HEIGHT), _jitter(rng, (210, 230, 240)), (170, 200, 220))
    for i in range(6):
        bx = rng.randint(560, 860)
        by = 60 + i * 75
        draw.ellipse([bx - 30, by - 30, bx + 30, by + 30], fill=(255, 255, 255))
    x, y, w, h = 300 + rng.randint(-60, 60), 30, 250, 480
    _phone(draw, x, y, w, h)
    draw.rectangle([x + 2, y + 24, x + w - 2, y + 64], fill=(245, 245, 245))
    top = y + 80
    for i in range(rng.randint(5, 7)):
        width = rng.randint(90, 190)
        if i % 2 == 0:
            draw.rounded_rectangle(
                [x + 14, top, x + 14 + width, top + 40],
                radius=14,
                fill=(255, 255, 255),
                outline=(220, 220, 220),
            )
        else:
            draw.rounded_rectangle(
                [x + w - 14 - width, top, x + w - 14, top + 40], radius=14, fill=(150, 230, 110)
            )
        top += 52
    draw.rounded_rectangle(
        [x + 10, y + h - 50, x + w - 10, y + h - 16], radius=14, fill=(235, 235, 235)
    )
    return image


def draw_pricing(rng):
    """Pricing: price tags on a crate of produce, a calculator and a bar chart."""
    image = PILImage.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    _gradient(draw, (0, 0, WIDTH, HEIGHT), (248, 244, 234), (222, 214, 196))
    bars = [rng.randint(60, 260) for _ in range(6)]
    for i, bar in enumerate(bars):
        draw.rectangle(
            [560 + i * 60, 420 - bar, 600 + i * 60, 420], fill=_jitter(rng, (60, 130, 200), 30)
        )
    draw.line([(540, 420), (940, 420)], fill=(80, 80, 80), width=3)
    draw.line([(540, 120), (540, 420)], fill=(80, 80, 80), width=3)
    draw.rounded_rectangle([80, 260, 300, 500], radius=18, fill=(50, 54, 60))
    draw.rectangle([100, 280, 280, 330], fill=(190, 210, 180))
    for row in range(4):
        for col in range(4):
            draw.rounded_rectangle(
                [100 + col * 46, 345 + row * 38, 136 + col * 46, 375 + row * 38],
                radius=6,
                fill=(230, 120, 40) if col == 3 else (220, 220, 224),
            )
    for i in range(3):
        tx, ty = 320 + i * 70, 120 + i * 90
        draw.polygon(
            [(tx, ty), (tx + 120, ty), (tx + 150, ty + 35), (tx + 120, ty + 70), (tx, ty + 70)],
            fill=_jitter(rng, (250, 200, 60), 20),
        )
        draw.ellipse([tx + 118, ty + 28, tx + 132, ty + 42], fill=(248, 244, 234))
        draw.rectangle([tx + 16, ty + 26, tx + 90, ty + 44], fill=(120, 60, 20))
    return image


def draw_produce(rng, kind: str):
    """Ganzi produce on display: apples, Sichuan pepper, cordyceps, yak meat or barley."""
    image = PILImage.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    if kind == "barley":
        _sky(draw, rng, horizon=260)
        _mountains(draw, rng, base=250, height=130, colour=(100, 112, 130))
        _gradient(draw, (0, 240, WIDTH, HEIGHT), (230, 196, 90), (190, 150, 50))
        for _ in range(320):
            bx, by = rng.randint(0, WIDTH), rng.randint(260, HEIGHT)
            draw.line([(bx, by), (bx + 2, by - 24)], fill=(150, 120, 40), width=2)
            draw.ellipse([bx - 2, by - 34, bx + 5, by - 20], fill=(240, 210, 110))
        return image
    _gradient(draw, (0, 0, WIDTH, HEIGHT), _jitter(rng, (236, 228, 210)), (196, 180, 150))
    draw.ellipse([120, 140, 840, 520], fill=_jitter(rng, (170, 120, 70), 10))
    draw.ellipse([150, 160, 810, 490], fill=_jitter(rng, (200, 150, 90), 10))
    for _ in range(70 if kind != "meat" else 14):
        px, py = rng.randint(230, 730), rng.randint(220, 430)
        if kind == "apple":
            r = rng.randint(30, 42)
            draw.ellipse([px - r, py - r, px + r, py + r], fill=_jitter(rng, (200, 40, 40), 25))
            draw.ellipse([px - r // 2, py - r // 2, px - r // 6, py - r // 6], fill=(240, 120, 110))
        elif kind == "pepper":
            r = rng.randint(5, 8)
            draw.ellipse([px - r, py - r, px + r, py + r], fill=_jitter(rng, (170, 30, 25), 20))
            draw.line([(px, py), (px + 6, py - 10)], fill=(60, 90, 30), width=2)
        elif kind == "cordyceps":
            draw.line(
                [(px, py), (px + rng.randint(-20, 20), py - 40)], fill=(170, 120, 60), width=6
            )
            draw.line(
                [(px, py - 40), (px + rng.randint(-6, 6), py - 62)], fill=(80, 60, 40), width=3
            )
        else:  # dried yak meat strips
            draw.rounded_rectangle(
                [px - 60, py - 14, px + 60, py + 14], radius=6, fill=_jitter(rng, (110, 40, 30), 15)
            )
            draw.line([(px - 50, py), (px + 50, py)], fill=(150, 70, 50), width=2)
    return image


def draw_handicraft(rng):
    """Tibetan handicraft: embroidered patterns on a cloth bag."""
    image = PILImage.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    _gradient(draw, (0, 0, WIDTH, HEIGHT), (120, 30, 30), (70, 15, 20))
    colours = [(250, 200, 40), (40, 90, 200), (40, 160, 70), (250, 250, 250), (220, 60, 60)]
    for stripe in range(12):
        colour = colours[(stripe + rng.randint(0, 4)) % len(colours)]
        draw.rectangle([0, stripe * 45, WIDTH, stripe * 45 + 10], fill=colour)
    draw.rounded_rectangle([270, 80, 690, 500], radius=30, fill=_jitter(rng, (180, 40, 40)))
    draw.arc([370, 10, 590, 180], 180, 360, fill=(60, 30, 20), width=14)
    cx, cy = 480, 290
    for ring in range(6, 0, -1):
        r = ring * 28
        colour = colours[(ring + rng.randint(0, 4)) % len(colours)]
        points = [
            (cx + r * math.cos(a * math.pi / 4), cy + r * math.sin(a * math.pi / 4))
            for a in range(8)
        ]
        draw.polygon(points, fill=colour)
    for a in range(8):
        x = cx + 150 * math.cos(a * math.pi / 4)
        y = cy + 150 * math.sin(a * math.pi / 4)
        draw.ellipse([x - 14, y - 14, x + 14, y + 14], fill=colours[a % len(colours)])
    return image


def draw_truck(rng):
    """A refrigerated truck on a mountain road."""
    image = PILImage.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    _sky(draw, rng, horizon=320)
    _mountains(draw, rng, base=300, height=160, colour=(100, 110, 130))
    _gradient(draw, (0, 300, WIDTH, HEIGHT), (100, 150, 80), (70, 110, 55))
    draw.polygon([(0, 470), (960, 400), (960, 470), (0, 540)], fill=(80, 80, 86))
    for i in range(8):
        draw.line(
            [(i * 130, 500 - i * 9), (i * 130 + 60, 496 - i * 9)], fill=(240, 240, 240), width=4
        )
    x = rng.randint(200, 420)
    draw.rectangle([x, 270, x + 300, 430], fill=(245, 248, 252), outline=(180, 190, 200), width=3)
    draw.rectangle([x + 20, 300, x + 280, 330], fill=_jitter(rng, (40, 130, 210), 15))
    draw.polygon(
        [(x + 300, 320), (x + 380, 320), (x + 410, 370), (x + 410, 430), (x + 300, 430)],
        fill=_jitter(rng, (40, 130, 210), 15),
    )
    draw.polygon(
        [(x + 315, 330), (x + 372, 330), (x + 395, 370), (x + 315, 370)], fill=(190, 225, 250)
    )
    for wx in (x + 60, x + 230, x + 360):
        draw.ellipse([wx - 28, 408, wx + 28, 464], fill=(30, 30, 30))
        draw.ellipse([wx - 12, 424, wx + 12, 448], fill=(160, 160, 160))
    for i in range(3):
        sx = x + 120 + i * 40
        draw.line([(sx, 360), (sx, 400)], fill=(120, 180, 230), width=3)
        draw.line([(sx - 14, 380), (sx + 14, 380)], fill=(120, 180, 230), width=3)
    return image


SCENES = {
    "matsutake": draw_matsutake,
    "yak": draw_yak,
    "livestream": draw_livestream,
    "parcel": draw_parcel,
    "village": draw_village,
    "shop": draw_shop_phone,
    "studio": draw_studio,
    "chat": draw_chat,
    "pricing": draw_pricing,
    "apples": lambda rng: draw_produce(rng, "apple"),
    "pepper": lambda rng: draw_produce(rng, "pepper"),
    "cordyceps": lambda rng: draw_produce(rng, "cordyceps"),
    "yak-meat": lambda rng: draw_produce(rng, "meat"),
    "barley": lambda rng: draw_produce(rng, "barley"),
    "handicraft": draw_handicraft,
    "truck": draw_truck,
}


def scene_jpeg(scene: str, *, seed: int = 0) -> bytes:
    image = SCENES[scene](random.Random(seed))  # noqa: S311 - shapes, not secrets
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82)
    return buffer.getvalue()
