from django.contrib import admin

from .models import ActionPlan, Agreement, Direction, Principle, PriorityArea


class PrincipleInline(admin.TabularInline):
    model = Principle
    extra = 0


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "adopted_on", "valid_from", "valid_until"]
    inlines = [PrincipleInline]


class PriorityAreaInline(admin.StackedInline):
    model = PriorityArea
    extra = 0
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ActionPlan)
class ActionPlanAdmin(admin.ModelAdmin):
    list_display = ["title", "agreement", "starts_on", "ends_on"]
    inlines = [PriorityAreaInline]


class DirectionInline(admin.TabularInline):
    model = Direction
    extra = 0


@admin.register(PriorityArea)
class PriorityAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "action_plan", "position"]
    list_filter = ["action_plan"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [DirectionInline]


@admin.register(Principle)
class PrincipleAdmin(admin.ModelAdmin):
    list_display = ["name", "agreement", "position"]
    list_filter = ["agreement"]
